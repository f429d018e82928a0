/* The secret rules: one row per credential format. Formats are the documented token
 * layouts of each provider (fixed prefixes, lengths, alphabets); where a format has no
 * prefix of its own (AWS secret keys, Azure client secrets, Heroku and Okta keys) the
 * rule demands the context keyword on the same line. Row order matters: when two rules
 * match overlapping bytes, the earlier row wins, so specific formats come before the
 * keyword=value heuristics at the end. */
#include "secrets/secrets.h"

#define WHY                                                                                  \
    "Anyone who can pull the image can read every file of every layer, and a credential "   \
    "deleted by a later layer is still in the earlier one."
#define DOCS "https://docs.docker.com/build/building/secrets/"
#define REVOKE(what)                                                                         \
    "Revoke " what " now, then supply the new one at run time (docker build --secret, an "   \
    "orchestrator secret, a mounted file) instead of storing it in the image."

#define RULE(id_, title_, sev_, what_, regex_, trigger_, kw_, path_, ent_, flags_)           \
    {                                                                                        \
        {.id = "secret-" id_, .title = title_, .severity = DD_SEV_##sev_, .group = "secret", \
         .rationale = WHY, .remediation = REVOKE(what_), .cwe = "CWE-798", .url = DOCS},     \
            regex_, trigger_, kw_, path_, ent_, flags_                                       \
    }
/* Most rules: a prefixed token, found anywhere. */
#define TOKEN(id_, title_, sev_, what_, regex_, kw_, ent_)                                   \
    RULE(id_, title_, sev_, what_, regex_, NULL, kw_, NULL, ent_, 0)

/* keyword ... = value on one line, for formats without a prefix of their own. */
#define ASSIGN "[\"']?[ \\t]{0,5}(?:=|:=|=>|:)[ \\t]{0,5}[\"']?"
#define CTX(kw) "(?i)" kw "[a-z0-9_.-]{0,20}" ASSIGN
/* A token must not be part of a longer run of token characters. */
#define END_B64URL "(?![A-Za-z0-9_-])"

/* PEM-style armored private key. The body may carry literal "\n" escapes (a key pasted
 * into JSON or YAML); headers such as Proc-Type: are allowed before it. */
#define PEM_BODY "(?:\\s|\\\\[nr])*(?:[A-Za-z-]+: [^\\n]*\\n(?:\\s|\\\\[nr])*)*"              \
                 "([A-Za-z0-9+/=\\s\\\\]{64,}?)"
#define PEM(id_, title_, sev_, label)                                                        \
    RULE(id_, title_, sev_, "the key (replace it everywhere it is trusted)",                 \
         "-----BEGIN " label "-----" PEM_BODY "-----END " label "-----",                     \
         "-----BEGIN " label "-----", "-----begin " label, NULL, 0, DD_SECRET_MULTILINE)

static const dd_secret_rule rules[] = {
    /* ---- cloud providers ---- */
    RULE("aws-access-key-id", "AWS access key id", CRITICAL, "the AWS access key (IAM console)",
         "\\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b", "(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}",
         "akia,asia,abia,acca", NULL, 3.0, 0),
    RULE("aws-secret-access-key", "AWS secret access key", CRITICAL,
         "the AWS access key (IAM console)",
         "(?i)aws[a-z0-9_.-]{0,20}?(?:secret|sk)[a-z0-9_.-]{0,20}" ASSIGN
         "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
         "(?i)aws[a-z0-9_.-]{0,20}?(?:secret|sk)[a-z0-9_.-]{0,20}" ASSIGN, "aws", NULL, 4.0, 0),
    TOKEN("aws-mws-key", "Amazon MWS auth token", HIGH, "the MWS token",
          "\\b(amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b",
          "amzn.mws.", 0),
    RULE("gcp-service-account", "Google Cloud service-account key (JSON)", CRITICAL,
         "the service-account key (IAM > Service accounts > Keys)",
         "\"type\"\\s*:\\s*\"service_account\"[\\s\\S]{0,4096}?\"private_key\"\\s*:\\s*\""
         "(-----BEGIN[A-Z ]{0,20} PRIVATE KEY-----[A-Za-z0-9+/=\\s\\\\]{64,}?"
         "-----END[A-Z ]{0,20} PRIVATE KEY-----(?:\\\\n)?)\"",
         "\"type\"\\s*:\\s*\"service_account\"", "service_account", NULL, 0,
         DD_SECRET_MULTILINE),
    TOKEN("google-api-key", "Google API key", HIGH, "the API key (Google Cloud console)",
          "\\b(AIza[0-9A-Za-z_-]{35})" END_B64URL, "aiza", 3.0),
    TOKEN("google-oauth-client-secret", "Google OAuth client secret", HIGH, "the client secret",
          "\\b(GOCSPX-[A-Za-z0-9_-]{28})" END_B64URL, "gocspx-", 3.0),
    TOKEN("google-oauth-access-token", "Google OAuth access token", MEDIUM, "the access token",
          "\\b(ya29\\.[0-9A-Za-z_-]{30,})" END_B64URL, "ya29.", 3.5),
    TOKEN("azure-storage-account-key", "Azure storage account key in a connection string",
          CRITICAL, "the storage account key (rotate it in the portal)",
          "(?i)AccountKey=([A-Za-z0-9+/]{86}==)", "accountkey=", 4.0),
    TOKEN("azure-ad-client-secret", "Azure AD (Entra ID) client secret", CRITICAL,
          "the client secret (App registrations > Certificates & secrets)",
          "(?:^|[\\s\"'=:,])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])",
          "q~", 3.5),
    RULE("azure-client-secret", "Azure client secret (by context)", HIGH,
         "the client secret (App registrations > Certificates & secrets)",
         "(?i)(?:azure|aad|arm)[_.-]?(?:client[_.-]?)?secret" ASSIGN
         "([A-Za-z0-9_~.-]{32,44})(?![A-Za-z0-9_~.-])",
         "(?i)(?:azure|aad|arm)[_.-]?(?:client[_.-]?)?secret" ASSIGN, "azure,aad,arm", NULL, 3.5,
         0),
    TOKEN("alibaba-access-key-id", "Alibaba Cloud AccessKey id", HIGH, "the AccessKey",
          "\\b(LTAI[A-Za-z0-9]{20})\\b", "ltai", 3.0),
    TOKEN("digitalocean-pat", "DigitalOcean personal access token", CRITICAL, "the token",
          "\\b(dop_v1_[a-f0-9]{64})\\b", "dop_v1_", 3.0),
    TOKEN("digitalocean-oauth-token", "DigitalOcean OAuth access or refresh token", HIGH,
          "the token", "\\b(do[or]_v1_[a-f0-9]{64})\\b", "doo_v1_,dor_v1_", 3.0),
    RULE("heroku-api-key", "Heroku API key (by context)", HIGH, "the API key",
         CTX("heroku") "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b",
         CTX("heroku"), "heroku", NULL, 3.0, 0),
    TOKEN("heroku-api-key-v2", "Heroku API key", HIGH, "the API key",
          "\\b(HRKU-AA[0-9A-Za-z_-]{58})" END_B64URL, "hrku-", 3.0),
    TOKEN("flyio-token", "Fly.io access token", HIGH, "the token",
          "\\b(fo1_[A-Za-z0-9_-]{43})" END_B64URL, "fo1_", 3.5),
    TOKEN("databricks-token", "Databricks access token", HIGH, "the token",
          "\\b(dapi[a-f0-9]{32}(?:-[0-9]+)?)\\b", "dapi", 3.0),
    TOKEN("planetscale-token", "PlanetScale token", HIGH, "the token",
          "\\b(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64})\\b", "pscale_", 3.0),
    TOKEN("cloudflare-origin-ca-key", "Cloudflare Origin CA key", HIGH, "the key",
          "\\b(v1\\.0-[a-f0-9]{24}-[a-f0-9]{146})\\b", "v1.0-", 3.0),

    /* ---- source hosting, registries, CI ---- */
    TOKEN("github-pat", "GitHub personal access token (classic)", CRITICAL,
          "the token (GitHub > Settings > Developer settings)",
          "\\b(ghp_[A-Za-z0-9]{36})\\b", "ghp_", 3.0),
    TOKEN("github-fine-grained-pat", "GitHub fine-grained personal access token", CRITICAL,
          "the token (GitHub > Settings > Developer settings)",
          "\\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\\b", "github_pat_", 3.0),
    TOKEN("github-oauth-token", "GitHub OAuth access token", HIGH, "the OAuth token",
          "\\b(gho_[A-Za-z0-9]{36})\\b", "gho_", 3.0),
    TOKEN("github-user-token", "GitHub App user-to-server token", HIGH, "the token",
          "\\b(ghu_[A-Za-z0-9]{36})\\b", "ghu_", 3.0),
    TOKEN("github-server-token", "GitHub App installation (server-to-server) token", HIGH,
          "the token", "\\b(ghs_[A-Za-z0-9]{36})\\b", "ghs_", 3.0),
    TOKEN("github-refresh-token", "GitHub refresh token", HIGH, "the token",
          "\\b(ghr_[A-Za-z0-9]{36,76})\\b", "ghr_", 3.0),
    TOKEN("gitlab-pat", "GitLab personal access token", CRITICAL, "the token",
          "\\b(glpat-[A-Za-z0-9_-]{20,})" END_B64URL, "glpat-", 3.0),
    TOKEN("gitlab-deploy-token", "GitLab deploy token", HIGH, "the deploy token",
          "\\b(gldt-[A-Za-z0-9_-]{20,})" END_B64URL, "gldt-", 3.0),
    TOKEN("gitlab-runner-token", "GitLab runner authentication token", HIGH, "the runner token",
          "\\b(glrt-[A-Za-z0-9_-]{20,})" END_B64URL, "glrt-", 3.0),
    TOKEN("gitlab-runner-registration", "GitLab runner registration token", HIGH,
          "the registration token", "\\b(GR1348941[A-Za-z0-9_-]{20,})" END_B64URL, "gr1348941",
          3.0),
    TOKEN("gitlab-pipeline-trigger", "GitLab pipeline trigger token", HIGH, "the trigger token",
          "\\b(glptt-[a-f0-9]{40})\\b", "glptt-", 3.0),
    TOKEN("gitlab-feed-token", "GitLab feed token", MEDIUM, "the feed token",
          "\\b(glft-[A-Za-z0-9_-]{20,})" END_B64URL, "glft-", 3.0),
    TOKEN("npm-token", "npm access token", CRITICAL, "the token (npm token revoke)",
          "\\b(npm_[A-Za-z0-9]{36})\\b", "npm_", 3.0),
    TOKEN("pypi-token", "PyPI upload token", CRITICAL, "the token (PyPI account settings)",
          "\\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})" END_B64URL, "pypi-ageichlwas5vcmc", 3.0),
    TOKEN("rubygems-api-key", "RubyGems API key", HIGH, "the API key",
          "\\b(rubygems_[a-f0-9]{48})\\b", "rubygems_", 3.0),
    TOKEN("clojars-token", "Clojars deploy token", HIGH, "the token",
          "\\b(CLOJARS_[a-z0-9]{60})\\b", "clojars_", 3.0),
    TOKEN("dockerhub-pat", "Docker Hub personal access token", CRITICAL, "the token",
          "\\b(dckr_pat_[A-Za-z0-9_-]{27,})" END_B64URL, "dckr_pat_", 3.0),
    TOKEN("dockerhub-oat", "Docker Hub organization access token", CRITICAL, "the token",
          "\\b(dckr_oat_[A-Za-z0-9_-]{27,})" END_B64URL, "dckr_oat_", 3.0),
    TOKEN("atlassian-api-token", "Atlassian API token", HIGH, "the token",
          "\\b(ATATT3[A-Za-z0-9_=-]{150,})" "(?![A-Za-z0-9_=-])", "atatt3", 3.5),
    TOKEN("postman-api-key", "Postman API key", HIGH, "the key",
          "\\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\\b", "pmak-", 3.0),
    TOKEN("linear-api-key", "Linear API key", HIGH, "the key",
          "\\b(lin_api_[A-Za-z0-9]{40})\\b", "lin_api_", 3.0),
    TOKEN("prefect-api-key", "Prefect API key", HIGH, "the key",
          "\\b(pnu_[A-Za-z0-9]{36})\\b", "pnu_", 3.0),

    /* ---- secrets managers, infrastructure ---- */
    TOKEN("vault-service-token", "HashiCorp Vault service token", CRITICAL, "the token (vault token revoke)",
          "\\b(hvs\\.[A-Za-z0-9_-]{90,120})" END_B64URL, "hvs.", 3.5),
    TOKEN("vault-batch-token", "HashiCorp Vault batch token", HIGH, "the token",
          "\\b(hvb\\.[A-Za-z0-9_-]{138,300})" END_B64URL, "hvb.", 3.5),
    RULE("terraform-cloud-token", "Terraform Cloud / HCP Terraform API token", CRITICAL,
         "the token", "\\b([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])",
         "\\.atlasv1\\.", "atlasv1", NULL, 3.5, 0),
    TOKEN("doppler-token", "Doppler token", HIGH, "the token",
          "\\b(dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44})\\b", "dp.", 3.5),
    TOKEN("pulumi-token", "Pulumi access token", HIGH, "the token",
          "\\b(pul-[a-f0-9]{40})\\b", "pul-", 3.0),
    TOKEN("onepassword-service-account", "1Password service account token", CRITICAL,
          "the token", "\\b(ops_eyJ[A-Za-z0-9+/]{250,}={0,3})", "ops_eyj", 4.0),
    TOKEN("age-secret-key", "age secret key", CRITICAL, "the key (re-encrypt what it protects)",
          "\\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\\b", "age-secret-key-1",
          3.0),
    TOKEN("grafana-api-key", "Grafana API key", HIGH, "the key",
          "\\b(eyJrIjoi[A-Za-z0-9]{70,400}={0,2})", "eyjrijoi", 3.5),
    TOKEN("grafana-cloud-token", "Grafana Cloud token", HIGH, "the token",
          "\\b(glc_[A-Za-z0-9+/]{32,400}={0,2})", "glc_", 3.5),
    TOKEN("grafana-service-account-token", "Grafana service account token", HIGH, "the token",
          "\\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\\b", "glsa_", 3.5),
    TOKEN("newrelic-user-key", "New Relic user API key", HIGH, "the key",
          "\\b(NRAK-[A-Z0-9]{27})\\b", "nrak-", 3.0),
    TOKEN("newrelic-insert-key", "New Relic insert key", MEDIUM, "the key",
          "\\b(NRII-[A-Za-z0-9_-]{32})" END_B64URL, "nrii-", 3.0),
    TOKEN("sentry-org-token", "Sentry organization auth token", HIGH, "the token",
          "\\b(sntrys_eyJ[A-Za-z0-9+/=_-]{60,})", "sntrys_", 3.5),
    TOKEN("sentry-user-token", "Sentry user auth token", HIGH, "the token",
          "\\b(sntryu_[a-f0-9]{64})\\b", "sntryu_", 3.0),

    /* ---- AI ---- */
    TOKEN("openai-api-key", "OpenAI API key", CRITICAL, "the key (platform.openai.com)",
          "\\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})"
          END_B64URL, "t3blbkfj", 3.5),
    TOKEN("anthropic-api-key", "Anthropic API key", CRITICAL, "the key (console.anthropic.com)",
          "\\b(sk-ant-api03-[A-Za-z0-9_-]{93}AA)" END_B64URL, "sk-ant-api03-", 3.5),
    TOKEN("anthropic-admin-key", "Anthropic admin API key", CRITICAL, "the key",
          "\\b(sk-ant-admin01-[A-Za-z0-9_-]{93}AA)" END_B64URL, "sk-ant-admin01-", 3.5),
    TOKEN("huggingface-token", "Hugging Face access token", HIGH, "the token",
          "\\b(hf_[A-Za-z]{34})\\b", "hf_", 3.5),

    /* ---- messaging, payments, SaaS ---- */
    TOKEN("slack-bot-token", "Slack bot token", HIGH, "the token (Slack app settings)",
          "\\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34})\\b", "xoxb-", 3.0),
    TOKEN("slack-user-token", "Slack user token", HIGH, "the token (Slack app settings)",
          "\\b(xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32})\\b", "xoxp-", 3.0),
    TOKEN("slack-app-token", "Slack app-level token", HIGH, "the token",
          "\\b(xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[a-f0-9]{32,})\\b", "xapp-", 3.0),
    TOKEN("slack-legacy-token", "Slack legacy token", HIGH, "the token",
          "\\b(xox[aors]-[0-9A-Za-z-]{20,})" END_B64URL, "xoxa-,xoxo-,xoxr-,xoxs-", 3.0),
    TOKEN("slack-webhook", "Slack incoming webhook URL", MEDIUM, "the webhook",
          "(https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{40,})",
          "hooks.slack.com", 3.0),
    TOKEN("discord-webhook", "Discord webhook URL", MEDIUM, "the webhook",
          "(https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/"
          "[A-Za-z0-9_-]{60,68})" END_B64URL, "discord", 3.0),
    RULE("discord-bot-token", "Discord bot token", HIGH, "the token",
         CTX("discord")
         "([MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38})" END_B64URL,
         CTX("discord"), "discord", NULL, 3.5, 0),
    TOKEN("telegram-bot-token", "Telegram bot token", HIGH, "the token (@BotFather /revoke)",
          "\\b([0-9]{8,10}:AA[0-9A-Za-z_-]{33})" END_B64URL, ":aa", 3.0),
    TOKEN("twilio-api-key", "Twilio API key", HIGH, "the key",
          "\\b(SK[0-9a-fA-F]{32})\\b", "sk", 3.0),
    TOKEN("sendgrid-api-key", "SendGrid API key", HIGH, "the key",
          "\\b(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})" END_B64URL, "sg.", 3.0),
    TOKEN("sendinblue-api-key", "Brevo (Sendinblue) API key", HIGH, "the key",
          "\\b(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})\\b", "xkeysib-", 3.0),
    TOKEN("mailgun-api-key", "Mailgun API key", HIGH, "the key",
          "\\b(key-[0-9a-z]{32})\\b", "key-", 3.5),
    TOKEN("mailchimp-api-key", "Mailchimp API key", HIGH, "the key",
          "\\b([0-9a-f]{32}-us[0-9]{1,2})\\b", "-us", 3.0),
    TOKEN("stripe-secret-key", "Stripe live secret key", CRITICAL, "the key (Stripe dashboard)",
          "\\b(sk_live_[A-Za-z0-9]{24,99})\\b", "sk_live_", 3.0),
    TOKEN("stripe-restricted-key", "Stripe live restricted key", HIGH, "the key",
          "\\b(rk_live_[A-Za-z0-9]{24,99})\\b", "rk_live_", 3.0),
    TOKEN("stripe-webhook-secret", "Stripe webhook signing secret", MEDIUM, "the signing secret",
          "\\b(whsec_[A-Za-z0-9]{32,})\\b", "whsec_", 3.0),
    TOKEN("square-access-token", "Square access token", HIGH, "the token",
          "\\b((?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60})" END_B64URL, "eaaa,sq0atp-", 3.5),
    TOKEN("square-oauth-secret", "Square OAuth secret", HIGH, "the secret",
          "\\b(sq0csp-[0-9A-Za-z_-]{43})" END_B64URL, "sq0csp-", 3.0),
    TOKEN("braintree-access-token", "PayPal Braintree access token", CRITICAL, "the token",
          "\\b(access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32})\\b",
          "access_token$production$", 3.0),
    TOKEN("shopify-access-token", "Shopify access token", HIGH, "the token",
          "\\b(shpat_[a-fA-F0-9]{32})\\b", "shpat_", 3.0),
    TOKEN("shopify-app-token", "Shopify custom or private app token", HIGH, "the token",
          "\\b(shp(?:ca|pa)_[a-fA-F0-9]{32})\\b", "shpca_,shppa_", 3.0),
    TOKEN("shopify-shared-secret", "Shopify shared secret", HIGH, "the secret",
          "\\b(shpss_[a-fA-F0-9]{32})\\b", "shpss_", 3.0),
    RULE("okta-api-token", "Okta API token (by context)", HIGH, "the token (Okta admin > API)",
         CTX("okta") "(00[A-Za-z0-9_-]{40})" END_B64URL, CTX("okta"), "okta", NULL, 3.5,
         0),
    TOKEN("dropbox-token", "Dropbox short-lived access token", HIGH, "the token",
          "\\b(sl\\.[A-Za-z0-9_=-]{130,152})(?![A-Za-z0-9_=-])", "sl.", 3.5),
    TOKEN("mapbox-secret-token", "Mapbox secret token", HIGH, "the token",
          "\\b(sk\\.eyJ[A-Za-z0-9_-]{50,}\\.[A-Za-z0-9_-]{20,})" END_B64URL, "sk.eyj", 3.5),
    TOKEN("firebase-fcm-server-key", "Firebase Cloud Messaging server key", HIGH, "the key",
          "\\b(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})" END_B64URL, ":apa91b", 3.5),
    TOKEN("easypost-api-key", "EasyPost API key", HIGH, "the key",
          "\\b(EZAK[A-Za-z0-9]{54})\\b", "ezak", 3.5),
    TOKEN("shippo-api-token", "Shippo live API token", HIGH, "the token",
          "\\b(shippo_live_[a-f0-9]{40})\\b", "shippo_live_", 3.0),

    /* ---- private keys ---- */
    PEM("private-key-rsa", "RSA private key", CRITICAL, "RSA PRIVATE KEY"),
    PEM("private-key-ec", "EC private key", CRITICAL, "EC PRIVATE KEY"),
    PEM("private-key-dsa", "DSA private key", CRITICAL, "DSA PRIVATE KEY"),
    PEM("private-key-pkcs8", "PKCS#8 private key", CRITICAL, "PRIVATE KEY"),
    PEM("private-key-encrypted", "Encrypted PKCS#8 private key", HIGH, "ENCRYPTED PRIVATE KEY"),
    PEM("private-key-openssh", "OpenSSH private key", CRITICAL, "OPENSSH PRIVATE KEY"),
    PEM("private-key-pgp", "PGP private key block", CRITICAL, "PGP PRIVATE KEY BLOCK"),
    RULE("private-key-putty", "PuTTY private key", CRITICAL, "the key",
         "PuTTY-User-Key-File-[23]: [^\\n]*\\n[\\s\\S]{0,4096}?Private-Lines: [0-9]+\\r?\\n"
         "([A-Za-z0-9+/=\\r\\n]{32,})",
         "PuTTY-User-Key-File-[23]: ", "putty-user-key-file-", NULL, 0, DD_SECRET_MULTILINE),

    /* ---- credential files and config formats ---- */
    TOKEN("jwt", "JSON Web Token", MEDIUM, "the token's signing key if the token does not expire",
          "\\b(eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{16,})" END_B64URL,
          "eyj", 3.0),
    RULE("docker-config-auth", "Registry credentials (Docker config \"auths\" entry)", CRITICAL,
         "the registry password or token",
         "\"auth\"[ \\t]*:[ \\t]*\"([A-Za-z0-9+/]{6,}={0,2})\"", NULL, "\"auth\"", NULL, 0,
         DD_SECRET_USERPASS_B64),
    RULE("kubeconfig-client-key", "Kubernetes client key (kubeconfig client-key-data)", CRITICAL,
         "the client certificate (re-issue it) ",
         "client-key-data:[ \\t]*[\"']?([A-Za-z0-9+/=]{40,})", NULL, "client-key-data", NULL,
         4.0, 0),
    RULE("kubeconfig-token", "Kubernetes bearer token in a kubeconfig", CRITICAL, "the token",
         "^[ \\t-]*token:[ \\t]*[\"']?([A-Za-z0-9._~+/=-]{16,})", NULL, "token",
         ".kube/config|kubeconfig|*.kubeconfig|kubeconfig.y*ml|admin.conf|kubelet.conf", 3.0,
         DD_SECRET_STOPLIST),
    RULE("npmrc-auth", "npm registry credentials in .npmrc", CRITICAL, "the npm token",
         "(?:_authToken|_auth|_password)[ \\t]*=[ \\t]*[\"']?([^\\s\"']{8,})", NULL,
         "_auth,_password", ".npmrc", 0, DD_SECRET_STOPLIST),
    RULE("git-credentials", "Password or token in .git-credentials", CRITICAL,
         "the password or token",
         "^[a-z][a-z0-9+.-]*://[^:@/\\s]+:([^@\\s]+)@\\S+", NULL, "://", ".git-credentials", 0,
         DD_SECRET_STOPLIST),
    RULE("pgpass", "PostgreSQL password in .pgpass", HIGH, "the database password",
         "^(?:(?:[^:\\\\\\n]|\\\\.)*:){4}([^\\n]+)$", NULL, ":", ".pgpass|pgpass.conf", 0,
         DD_SECRET_STOPLIST),
    RULE("netrc", "Password in .netrc", HIGH, "the password",
         "\\bpassword[ \\t]+(\\S+)", NULL, "password", ".netrc|_netrc", 0, DD_SECRET_STOPLIST),
    RULE("pypirc", "Password in .pypirc", HIGH, "the password or token",
         "^[ \\t]*password[ \\t]*[=:][ \\t]*(\\S+)", NULL, "password", ".pypirc", 0,
         DD_SECRET_STOPLIST),
    RULE("htpasswd", "Password hash in an htpasswd file", MEDIUM, "the passwords",
         "^[^:\\s#]+:(\\$(?:apr1|2[aby]|5|6)\\$[^\\s]{8,}|\\{SHA\\}[A-Za-z0-9+/=]{27,28})$",
         NULL, "$,{sha}", ".htpasswd|htpasswd", 0, 0),

    /* ---- heuristics: keyword = value; last so specific rules win ---- */
    RULE("url-password", "Password in a URL", HIGH, "the password",
         "\\b[a-z][a-z0-9+.-]{1,20}://[^:@/\\s\"'<>]{1,64}:([^@/\\s\"'<>]{3,128})@[A-Za-z0-9.-]+",
         "://[^:@/\\s\"'<>]{1,64}:[^@/\\s\"'<>]{3,128}@", "://", NULL, 2.0,
         DD_SECRET_GENERIC),
    RULE("generic-password", "Password assignment", MEDIUM, "the password",
         "(?i)(?:password|passwd|passphrase|pwd)" ASSIGN "([^\\s\"'`;,(){}\\[\\]<>]{8,128})",
         "(?i)(?:password|passwd|passphrase|pwd)" ASSIGN, "password,passwd,passphrase,pwd", NULL,
         2.5, DD_SECRET_GENERIC),
    RULE("generic-api-key", "API key or token assignment", MEDIUM, "the key or token",
         "(?i)(?:api[_.-]?key|apikey|secret[_.-]?key|access[_.-]?token|auth[_.-]?token|"
         "client[_.-]?secret|private[_.-]?token)" ASSIGN "([A-Za-z0-9_./+=~-]{16,128})",
         "(?i)(?:api[_.-]?key|apikey|secret[_.-]?key|access[_.-]?token|auth[_.-]?token|"
         "client[_.-]?secret|private[_.-]?token)" ASSIGN,
         "api,key,secret,token", NULL, 3.5, DD_SECRET_GENERIC),
};

const dd_rule_table dd_secret_table = {"scan", "Secret rules", rules, DD_ARRAY_LEN(rules),
                                       sizeof(dd_secret_rule)};
