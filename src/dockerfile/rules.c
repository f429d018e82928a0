/* The lint rule table: one row per rule, with the hadolint code it replaces (alias), the
 * CIS Docker Benchmark 1.6.0 section 4 item and the CWE where one applies. DDL0xx are
 * the build-hygiene rules hadolint users know (ShellCheck's among them, DDL07x); DDL1xx are
 * the security rules. The rule functions live in rules_*.c, by subject. Findings on a RUN
 * point at the shell command that causes them, not only the RUN. */
#include "dockerfile/lint_int.h"

#define HADO "https://github.com/hadolint/hadolint/wiki/"
#define SC   "https://www.shellcheck.net/wiki/"
#define ROWX(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_, flags_, arg_)          \
    {{.id = id_, .title = title_, .severity = DD_SEV_##sev_, .group = "dockerfile",            \
      .rationale = why_, .remediation = fix_, .cis = cis_, .cwe = cwe_, .url = url_,             \
      .alias = alias_, .flags = flags_},                                                        \
     fn_, arg_}
#define ROWF(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_, flags_)               \
    ROWX(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_, flags_, NULL)
#define ROW(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_)                       \
    ROWX(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_, 0, NULL)
/* a check shared by several rows, told which tool the row is about */
#define ROWA(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_, arg_)                \
    ROWX(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_, 0, arg_)

static const dd_lint_rule rows[] = {
    ROW("DDL000", HIGH, "Dockerfile could not be read or parsed",
        "docker build would refuse this file, and no other rule can judge it.",
        "Fix the syntax error at the reported line.", NULL, NULL, NULL, NULL, NULL),
    ROW("DDL001", MEDIUM, "WORKDIR is not an absolute path",
        "A relative WORKDIR depends on whatever directory the base image left, which changes "
        "silently with the base.",
        "Use an absolute path: WORKDIR /app.", NULL, NULL, HADO "DL3000", "DL3000", r_workdir_abs),
    ROW("DDL002", INFO, "Command that makes no sense in a build step",
        "Interactive or service-management tools (ssh, vim, service, ps, top, kill, mount...) "
        "do nothing useful while an image is built.",
        "Remove the command; manage processes at run time.", NULL, NULL, HADO "DL3001", "DL3001",
        r_pointless_cmd),
    ROW("DDL003", LOW, "cd used instead of WORKDIR",
        "cd only lasts for one RUN; the next instruction starts elsewhere, which is a common "
        "source of confusing builds.",
        "Use WORKDIR /path.", NULL, NULL, HADO "DL3003", "DL3003", r_cd),
    ROW("DDL004", MEDIUM, "sudo in a build step",
        "Build steps already run as the current USER; sudo adds an unpredictable TTY and "
        "privilege layer and keeps sudo in the image.",
        "Switch with USER root for the step that needs it, then back.", NULL, "CWE-250",
        HADO "DL3004", "DL3004", r_sudo),
    ROW("DDL005", MEDIUM, "Base image has no tag",
        "Without a tag the build takes whatever 'latest' is on the day of the build.",
        "Name a version: FROM debian:12.5 (or pin a digest).", "4.2", NULL, HADO "DL3006", "DL3006",
        r_untagged),
    ROW("DDL006", MEDIUM, "Base image uses the latest tag",
        "'latest' moves; the same Dockerfile builds different images on different days.",
        "Name a version: FROM debian:12.5.", "4.2", NULL, HADO "DL3007", "DL3007", r_latest),
    ROW("DDL007", LOW, "apt-get install without pinned versions",
        "Unpinned packages make the build non-reproducible.", "apt-get install -y package=version.",
        NULL, NULL, HADO "DL3008", "DL3008", r_apt_pin),
    ROW("DDL008", LOW, "apt lists not removed after apt-get update",
        "/var/lib/apt/lists stays in the layer: tens of MB of stale index in every image.",
        "End the same RUN with rm -rf /var/lib/apt/lists/* (or apt-get dist-clean, or a cache "
        "mount on /var/lib/apt).",
        NULL, NULL, HADO "DL3009", "DL3009", r_apt_lists),
    ROW("DDL009", HIGH, "EXPOSE with an invalid port",
        "Ports are 0-65535 with an optional /tcp, /udp or /sctp; docker build rejects others.",
        "EXPOSE 8080 or EXPOSE 8080/udp.", NULL, NULL, HADO "DL3011", "DL3011", r_port),
    ROW("DDL010", LOW, "More than one HEALTHCHECK in a stage",
        "Only the last HEALTHCHECK counts; the others mislead readers.",
        "Keep one HEALTHCHECK per stage.", NULL, NULL, HADO "DL3012", "DL3012",
        r_multi_healthcheck),
    ROW("DDL011", LOW, "pip install without pinned versions",
        "Unpinned Python packages make the build non-reproducible and open the door to a "
        "malicious new release.",
        "pip install package==version, or -r requirements.txt with "
        "hashes.",
        NULL, "CWE-1104", HADO "DL3013", "DL3013", r_pip_pin),
    ROW("DDL012", MEDIUM, "apt-get install without -y",
        "Without -y apt-get asks for confirmation and the build fails or hangs.",
        "apt-get install -y ...", NULL, NULL, HADO "DL3014", "DL3014", r_apt_yes),
    ROW("DDL013", LOW, "apt-get install without --no-install-recommends",
        "Recommended packages add size and attack surface no one asked for.",
        "apt-get install -y --no-install-recommends ...", "4.3", NULL, HADO "DL3015", "DL3015",
        r_apt_recommends),
    ROW("DDL014", LOW, "npm install without pinned versions",
        "Unpinned npm packages make the build non-reproducible.",
        "npm install package@version, or npm ci with a lock file.", NULL, "CWE-1104", HADO "DL3016",
        "DL3016", r_npm_pin),
    ROW("DDL015", LOW, "apk add without pinned versions",
        "Unpinned Alpine packages make the build non-reproducible.", "apk add package=version.",
        NULL, NULL, HADO "DL3018", "DL3018", r_apk_pin),
    ROW("DDL016", LOW, "apk add without --no-cache", "The package index stays in the layer.",
        "apk add --no-cache ...", NULL, NULL, HADO "DL3019", "DL3019", r_apk_cache),
    ROW("DDL017", MEDIUM, "ADD used for local files",
        "ADD also fetches URLs and unpacks archives; for plain files its magic only "
        "surprises.",
        "Use COPY for local files and directories.", "4.9", NULL, HADO "DL3020", "DL3020",
        r_add_local),
    ROW("DDL018", HIGH, "COPY of several sources into a destination without a trailing /",
        "docker build fails when several sources go to a destination that is not a directory.",
        "End the destination with /.", NULL, NULL, HADO "DL3021", "DL3021", r_copy_dest_slash),
    ROW("DDL019", MEDIUM, "COPY --from names no earlier stage",
        "A --from that matches no stage defined before is pulled as an image, usually a typo.",
        "Use the AS name of an earlier stage, or a fully qualified image with a tag.", NULL, NULL,
        HADO "DL3022", "DL3022", r_copy_from_unknown),
    ROW("DDL020", HIGH, "COPY --from refers to its own stage",
        "A stage cannot copy from itself; docker build fails.", "Copy from an earlier stage.", NULL,
        NULL, HADO "DL3023", "DL3023", r_copy_from_self),
    ROW("DDL021", HIGH, "Stage name used twice",
        "Two stages with the same AS name make --from and --target ambiguous.",
        "Give every stage a unique name.", NULL, NULL, HADO "DL3024", "DL3024", r_dup_stage),
    ROW("DDL022", MEDIUM, "CMD or ENTRYPOINT in shell form",
        "In shell form the process is a child of /bin/sh -c: it is not PID 1 and does not "
        "get SIGTERM, so containers stop only when killed.",
        "Use the JSON (exec) form: CMD [\"app\", \"--flag\"].", NULL, NULL, HADO "DL3025", "DL3025",
        r_json_cmd),
    ROW("DDL023", HIGH, "Base image from a registry that is not trusted",
        "Images from registries outside the allowed list bypass the organisation's review "
        "and scanning.",
        "Use an image from a trusted registry (trusted-registries in "
        ".drydock.yaml or --trusted-registry).",
        "4.2", "CWE-829", HADO "DL3026", "DL3026", r_registry),
    ROW("DDL024", LOW, "apt used instead of apt-get",
        "apt's output and behaviour are meant for people and may change; scripts should use "
        "apt-get.",
        "Use apt-get or apt-cache.", NULL, NULL, HADO "DL3027", "DL3027", r_apt),
    ROW("DDL025", LOW, "gem install without pinned versions",
        "Unpinned gems make the build non-reproducible.", "gem install name:version or -v.", NULL,
        "CWE-1104", HADO "DL3028", "DL3028", r_gem_pin),
    ROW("DDL026", LOW, "FROM with a fixed --platform",
        "A hard-coded platform breaks multi-platform builds and emulates silently.",
        "Drop --platform or use $BUILDPLATFORM/$TARGETPLATFORM.", NULL, NULL, HADO "DL3029",
        "DL3029", r_platform),
    ROWA("DDL027", MEDIUM, "yum install without -y",
        "yum asks for confirmation and the build "
        "fails.",
        "yum install -y ...", NULL, NULL, HADO "DL3030", "DL3030", r_rpm_yes, &dd_yum_tool),
    ROWA("DDL028", LOW, "yum install without yum clean all", "The yum cache stays in the layer.",
        "End the same RUN with yum clean all.", NULL, NULL, HADO "DL3032", "DL3032", r_rpm_clean, &dd_yum_tool),
    ROWA("DDL029", LOW, "yum install without pinned versions",
        "Unpinned packages make the build non-reproducible.", "yum install -y name-version.", NULL,
        NULL, HADO "DL3033", "DL3033", r_rpm_pin, &dd_yum_tool),
    ROWA("DDL030", MEDIUM, "zypper without a non-interactive switch",
        "zypper asks for confirmation and the build fails.", "zypper -n install ... (or -y).", NULL,
        NULL, HADO "DL3034", "DL3034", r_rpm_yes, &dd_zypper_tool),
    ROW("DDL031", MEDIUM, "zypper dist-upgrade in a build",
        "A distribution upgrade in a layer produces an unreviewed, non-reproducible base.",
        "Use a newer base image instead.", "4.7", NULL, HADO "DL3035", "DL3035", r_zypper_dup),
    ROWA("DDL032", LOW, "zypper install without zypper clean",
        "The zypper cache stays in the layer.", "End the same RUN with zypper clean.", NULL, NULL,
        HADO "DL3036", "DL3036", r_rpm_clean, &dd_zypper_tool),
    ROWA("DDL033", LOW, "zypper install without pinned versions",
        "Unpinned packages make the build non-reproducible.", "zypper install -y 'name=version'.",
        NULL, NULL, HADO "DL3037", "DL3037", r_rpm_pin, &dd_zypper_tool),
    ROWA("DDL034", MEDIUM, "dnf install without -y",
        "dnf asks for confirmation and the build "
        "fails.",
        "dnf install -y ...", NULL, NULL, HADO "DL3038", "DL3038", r_rpm_yes, &dd_dnf_tool),
    ROWA("DDL035", LOW, "dnf install without dnf clean all", "The dnf cache stays in the layer.",
        "End the same RUN with dnf clean all.", NULL, NULL, HADO "DL3040", "DL3040", r_rpm_clean, &dd_dnf_tool),
    ROWA("DDL036", LOW, "dnf install without pinned versions",
        "Unpinned packages make the build non-reproducible.", "dnf install -y name-version.", NULL,
        NULL, HADO "DL3041", "DL3041", r_rpm_pin, &dd_dnf_tool),
    ROW("DDL037", LOW, "pip install without --no-cache-dir",
        "pip's download cache stays in the layer.",
        "pip install --no-cache-dir ... (or ENV PIP_NO_CACHE_DIR=1, or a cache mount).", NULL, NULL,
        HADO "DL3042", "DL3042", r_pip_cache),
    ROW("DDL038", HIGH, "ONBUILD triggers ONBUILD, FROM or MAINTAINER",
        "Docker refuses these as ONBUILD triggers.", "Remove the trigger.", NULL, NULL,
        HADO "DL3043", "DL3043", r_onbuild),
    ROW("DDL039", HIGH, "ENV refers to a variable defined in the same ENV",
        "All values of one ENV are expanded before any is set, so the reference is empty or "
        "stale.",
        "Split into two ENV instructions.", NULL, NULL, HADO "DL3044", "DL3044", r_env_self),
    ROW("DDL040", MEDIUM, "COPY to a relative path without WORKDIR",
        "The destination depends on the base image's working directory.",
        "Set WORKDIR first or use an absolute destination.", NULL, NULL, HADO "DL3045", "DL3045",
        r_copy_relative),
    ROW("DDL041", LOW, "useradd with a high UID without -l",
        "Without -l, useradd writes sparse lastlog/faillog entries that grow the layer to "
        "gigabytes.",
        "useradd -l -u 100000 ...", NULL, NULL, HADO "DL3046", "DL3046", r_useradd),
    ROW("DDL042", INFO, "wget without --progress", "wget's default progress bar floods build logs.",
        "wget --progress=dot:giga ... or wget -q.", NULL, NULL, HADO "DL3047", "DL3047",
        r_wget_progress),
    ROW("DDL043", INFO, "Invalid label key",
        "Label keys should be lower-case reverse-DNS (org.opencontainers.image.*); com.docker., "
        "io.docker. and org.dockerproject. are reserved.",
        "Rename the label.", NULL, NULL, HADO "DL3048", "DL3048", r_label_key),
    ROW("DDL044", INFO, "Required label missing",
        "The organisation's configuration requires this label on every image.",
        "Add LABEL key=value to the final stage.", NULL, NULL, HADO "DL3049", "DL3049",
        r_label_required),
    ROW("DDL045", LOW, "No HEALTHCHECK in the final stage",
        "Without a HEALTHCHECK, Docker and orchestrators cannot tell a hung service from a "
        "working one.",
        "Add HEALTHCHECK CMD [\"/app\", \"health\"] (or HEALTHCHECK NONE on "
        "purpose).",
        "4.6", NULL, HADO "DL3057", "DL3057", r_healthcheck_missing),
    ROW("DDL046", INFO, "Consecutive RUN instructions",
        "Every RUN is a layer; consecutive ones add size and build time.", "Join them with &&.",
        NULL, NULL, HADO "DL3059", "DL3059", r_consecutive_run),
    ROW("DDL047", INFO, "yarn install without yarn cache clean",
        "The yarn cache stays in the layer.", "End the same RUN with yarn cache clean.", NULL, NULL,
        HADO "DL3060", "DL3060", r_yarn_cache),
    ROW("DDL048", HIGH, "Instruction before the first FROM",
        "Only ARG may precede FROM; docker build rejects anything else.",
        "Move the instruction after FROM.", NULL, NULL, HADO "DL3061", "DL3061", r_before_from),
    ROW("DDL049", INFO, "MAINTAINER is deprecated", "MAINTAINER was deprecated in Docker 1.13.",
        "LABEL org.opencontainers.image.authors=\"...\"", NULL, NULL, HADO "DL4000", "DL4000",
        r_maintainer),
    ROW("DDL050", INFO, "Both curl and wget in one stage",
        "Two download tools where one would do: more size, more attack surface.",
        "Use one of them.", "4.3", NULL, HADO "DL4001", "DL4001", r_wget_curl),
    ROW("DDL051", MEDIUM, "More than one CMD in a stage", "Only the last CMD counts.",
        "Keep one CMD.", NULL, NULL, HADO "DL4003", "DL4003", r_multi_cmd),
    ROW("DDL052", HIGH, "More than one ENTRYPOINT in a stage", "Only the last ENTRYPOINT counts.",
        "Keep one ENTRYPOINT.", NULL, NULL, HADO "DL4004", "DL4004", r_multi_entrypoint),
    ROW("DDL053", MEDIUM, "/bin/sh replaced with ln",
        "Relinking /bin/sh changes the shell for every later program in the image.",
        "Use SHELL [\"/bin/bash\", \"-c\"] to change the build shell.", NULL, NULL, HADO "DL4005",
        "DL4005", r_ln_sh),
    ROW("DDL054", MEDIUM, "Pipe in RUN without pipefail",
        "/bin/sh -c only checks the last command of a pipe: curl ... | tar x succeeds even "
        "when the download failed.",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN, or set -o pipefail "
        "&& ...",
        NULL, "CWE-754", HADO "DL4006", "DL4006", r_pipefail),
    ROWF("DDL055", INFO, "Inline ignore pragma",
         "A `# hadolint ignore=` or `# drydock ignore=` comment hides a finding from everyone "
         "who reads the report; some teams want every exception in the configuration instead. "
         "Off unless a configuration gives it a severity (hadolint's DL1001).",
         "Move the exception to .hadolint.yaml / .drydock.yaml (ignored:), or set "
         "disable-ignore-pragma.",
         NULL, NULL, HADO "DL1001", "DL1001", r_pragma_used, DD_RULE_OPTIONAL),
    ROW("DDL056", INFO, "Local tar archive copied, then unpacked",
        "COPY then RUN tar x keeps the archive in a layer and costs a step; ADD unpacks a local "
        "tar archive as it copies it.",
        "ADD archive.tar.gz /dest/ (only for tar archives; ADD "
        "does not unpack zip files).",
        NULL, NULL, HADO "DL3010", "DL3010", r_add_archive),
    ROW("DDL057", INFO, "Label not in the label schema",
        "With strict labels, only the labels the schema names may be set.",
        "Remove the label or add it to label-schema.", NULL, NULL, HADO "DL3050", "DL3050",
        r_label_superfluous),
    ROW("DDL058", MEDIUM, "Label of the schema is empty",
        "A required label with an empty value carries no information.", "Give the label a value.",
        NULL, NULL, HADO "DL3051", "DL3051", r_label_empty),
    ROW("DDL059", MEDIUM, "Label is not a valid URL",
        "The label schema says this label holds a URL (RFC 3986).", "LABEL name=\"https://...\"",
        NULL, NULL, HADO "DL3052", "DL3052", r_label_url),
    ROW("DDL060", MEDIUM, "Label is not an RFC 3339 date-time",
        "The label schema says this label holds a date-time such as 2024-05-01T12:00:00Z.",
        "LABEL org.opencontainers.image.created=\"2024-05-01T12:00:00Z\"", NULL, NULL,
        HADO "DL3053", "DL3053", r_label_rfc3339),
    ROW("DDL061", MEDIUM, "Label is not an SPDX license expression",
        "The label schema says this label holds an SPDX license identifier or expression.",
        "LABEL org.opencontainers.image.licenses=\"Apache-2.0\"", NULL, NULL, HADO "DL3054",
        "DL3054", r_label_spdx),
    ROW("DDL062", MEDIUM, "Label is not a git commit hash",
        "The label schema says this label holds a git hash (40 or 7 hex digits).",
        "LABEL org.opencontainers.image.revision=\"$GIT_COMMIT\"", NULL, NULL, HADO "DL3055",
        "DL3055", r_label_hash),
    ROW("DDL063", MEDIUM, "Label is not a semantic version",
        "The label schema says this label holds a SemVer 2.0.0 version.",
        "LABEL org.opencontainers.image.version=\"1.4.2\"", NULL, NULL, HADO "DL3056", "DL3056",
        r_label_semver),
    ROW("DDL064", MEDIUM, "Label is not an e-mail address",
        "The label schema says this label holds an e-mail address (RFC 5322).",
        "LABEL maintainer=\"team@example.com\"", NULL, NULL, HADO "DL3058", "DL3058",
        r_label_email),
    ROW("DDL065", LOW, "go install/get/run without a pinned version",
        "go install pkg@latest (or without a version) builds whatever was published last.",
        "go install example.com/tool@v1.2.3", NULL, "CWE-1104", HADO "DL3062", "DL3062", r_go_pin),
    ROW("DDL066", MEDIUM, "Stage name is a reserved word",
        "FROM scratch and --from=context mean Docker's own things, not a stage with that name.",
        "Rename the stage.", NULL, NULL, HADO "DL3063", "DL3063", r_stage_reserved),
    ROW("DDL067", INFO, "FROM --platform=$TARGETPLATFORM",
        "FROM already builds for the target platform; the flag only adds noise.",
        "Drop --platform=$TARGETPLATFORM.", NULL, NULL, HADO "DL3065", "DL3065", r_platform_target),
    ROW("DDL068", INFO, "USER by name, not by numeric UID",
        "A user name means something only through the image's /etc/passwd; Kubernetes' "
        "runAsNonRoot cannot verify it and refuses to start the pod.",
        "USER 10001 (or USER 10001:10001), after creating that user.", NULL, NULL, HADO "DL3066",
        "DL3066", r_user_name),
    ROW("DDL069", MEDIUM, "COPY of a whole filesystem from another stage",
        "COPY --from=stage / / overwrites the image with everything the other stage has, "
        "package databases and caches included.",
        "Copy the paths the image needs.", NULL, NULL, HADO "DL3067", "DL3067", r_copy_root),
    ROW("DDL070", MEDIUM, "cd whose failure is not checked",
        "After `cd dir;` (or a newline) the next commands run even when cd failed, in the "
        "wrong directory: a build that installs or deletes the wrong files (ShellCheck SC2164).",
        "cd dir && ..., or cd dir || exit, or set -e.", NULL, "CWE-754", SC "SC2164", "SC2164",
        r_sh_cd_fail),
    ROW("DDL071", INFO, "Useless cat",
        "cat FILE | cmd starts a process to do what a redirection does (ShellCheck SC2002).",
        "cmd < FILE, or cmd FILE.", NULL, NULL, SC "SC2002", "SC2002", r_sh_useless_cat),
    ROW("DDL072", MEDIUM, "bash test syntax under /bin/sh",
        "Debian's and Ubuntu's /bin/sh is dash: [[ ]] is not found and [ a == b ] fails with "
        "\"unexpected operator\", so the test is false whatever the values (ShellCheck SC3010, "
        "SC3014).",
        "Use [ a = b ], or SHELL [\"/bin/bash\", \"-c\"].", NULL, NULL, SC "SC3014", "SC3014",
        r_sh_test_op),
    ROW("DDL073", LOW, "Unquoted variable in a test",
        "[ $X = y ] with an empty X becomes [ = y ]: an error, and the test is false for the "
        "wrong reason (ShellCheck SC2086).",
        "Quote it: [ \"$X\" = y ].", NULL, NULL, SC "SC2086", "SC2086", r_sh_unquoted),
    ROW("DDL074", MEDIUM, "rm -r of a path that starts with a variable",
        "rm -rf $DIR/ deletes from / when DIR is empty or unset (ShellCheck SC2115).",
        "rm -rf \"${DIR:?}\"/..., or set the variable with ENV/ARG.", NULL, "CWE-73", SC "SC2115",
        "SC2115", r_sh_rm_root),

    ROW("DDL100", HIGH, "Final stage runs as root",
        "A process running as root in a container is root on the host when it escapes, and "
        "can modify the whole image filesystem at run time.",
        "Create a user and switch to it: RUN useradd -r app && ... then USER app (or a "
        "numeric UID).",
        "4.1", "CWE-250", HADO "DL3002", "DL3002", r_root),
    ROW("DDL101", HIGH, "Secret-like variable set with ENV",
        "ENV values are stored in the image configuration: anyone who can pull the image can "
        "read them with docker inspect.",
        "Pass secrets at run time (environment, secret files) or at build time with RUN "
        "--mount=type=secret.",
        "4.10", "CWE-798", HADO "DL3064", "DL3064", r_env_secret_name),
    ROW("DDL102", CRITICAL, "Secret value in the Dockerfile",
        "A token or key written into a Dockerfile lives in version control, build logs and "
        "image history.",
        "Revoke the credential, remove it, and use RUN --mount=type=secret or run-time "
        "secrets.",
        "4.10", "CWE-798", NULL, NULL, r_secret_value),
    ROW("DDL103", HIGH, "Credential file copied into the image",
        "Private keys, .env files, .npmrc, cloud and Docker credentials copied into a layer "
        "stay in the image even if a later step deletes them.",
        "Exclude them in .dockerignore; use RUN --mount=type=secret or ssh mounts.", "4.10",
        "CWE-522", NULL, NULL, r_credential_copy),
    ROW("DDL104", MEDIUM, "ADD from a remote URL",
        "ADD downloads without checking integrity; a compromised or changed server changes "
        "the image.",
        "Use ADD --checksum=sha256:..., or RUN curl -fsSLo f URL && echo 'HASH  f' | "
        "sha256sum -c.",
        "4.9", "CWE-494", NULL, NULL, r_add_url),
    ROW("DDL105", HIGH, "Downloaded script piped to a shell",
        "curl | sh runs whatever the server sends at build time, unverified.",
        "Download to a file, verify its checksum or signature, then run it.", NULL, "CWE-494", NULL,
        NULL, r_curl_pipe_sh),
    ROW("DDL106", MEDIUM, "World-writable permissions",
        "chmod 777 / o+w lets any user in the container change the files, including "
        "programs that root later runs.",
        "Give write access only to the owner (755, 644).", NULL, "CWE-732", NULL, NULL,
        r_chmod_world),
    ROW("DDL107", MEDIUM, "setuid or setgid bit set",
        "setuid/setgid programs are a privilege-escalation path inside the container.",
        "Remove the bit (chmod u-s,g-s) unless the program truly needs it.", "4.8", "CWE-250", NULL,
        NULL, r_chmod_setuid),
    ROW("DDL108", MEDIUM, "SSH server in the image",
        "An SSH daemon in a container is one more service, one more set of credentials and "
        "one more port to attack; docker exec does the job.",
        "Remove the SSH server and EXPOSE 22; use docker exec.", NULL, "CWE-1188", NULL, NULL,
        r_ssh),
    ROW("DDL109", LOW, "Distribution upgrade in a build step",
        "apt-get upgrade and friends produce a base nobody reviewed and that differs on every "
        "build; updates belong in the base image.",
        "Use a newer base image tag; install only the packages you need.", "4.7", NULL,
        HADO "DL3005", "DL3005", r_upgrade),
    ROW("DDL110", INFO, "Base image not pinned by digest",
        "A tag can be moved to a different image; only a digest names exact content.",
        "FROM image:tag@sha256:... (and let a bot update it).", "4.2", "CWE-829", NULL, NULL,
        r_digest),
    ROW("DDL111", HIGH, "Docker socket referenced",
        "Access to /var/run/docker.sock is root on the host.",
        "Do not mount or use the Docker socket in images.", NULL, "CWE-250", NULL, NULL,
        r_docker_sock),
    ROW("DDL112", INFO, "Final stage keeps a shell and package manager it does not need",
        "The final stage only copies files and starts an exec-form command, yet its base "
        "brings a shell and a package manager an attacker can use.",
        "Use a distroless or scratch base for the final stage.", "4.3", NULL, NULL, NULL,
        r_distroless),
    ROW("DDL113", MEDIUM, "Secret passed as a build argument",
        "ARG values are recorded in docker history and in the image's build metadata.",
        "RUN --mount=type=secret,id=NAME and read /run/secrets/NAME in that step.", "4.10",
        "CWE-214", HADO "DL3064", "DL3064", r_arg_secret),
    ROW("DDL114", HIGH, "Download run or installed without a checksum or signature check",
        "A downloaded script, binary or archive that is executed, unpacked or installed without "
        "checking a hash or signature runs whatever the server (or anyone between) sends.",
        "Pin the expected digest: curl -fsSLo f URL && echo 'SHA256  f' | sha256sum -c - (or "
        "gpg --verify a signature), then use f.",
        NULL, "CWE-494", NULL, NULL, r_unverified_download),
    ROW("DDL115", MEDIUM, "Failure of a package install ignored",
        "`|| true` after an install turns a failed or partial install into a green build and "
        "an image without the package.",
        "Let the install fail the build; if a package is "
        "optional, install it in its own step on purpose.",
        NULL, "CWE-754", NULL, NULL, r_install_true),
    ROW("DDL116", LOW, "ENV DEBIAN_FRONTEND persisted into the image",
        "DEBIAN_FRONTEND=noninteractive only matters while packages install; as ENV it stays "
        "in the image and changes how apt and debconf behave for everyone who uses it later.",
        "ARG DEBIAN_FRONTEND=noninteractive (build time only), or set it on the apt-get "
        "command itself.",
        NULL, NULL, NULL, NULL, r_env_frontend),
};

const dd_rule_table dd_lint_table = {"lint", "Dockerfile rules", rows, DD_ARRAY_LEN(rows),
                                     sizeof rows[0]};
const dd_rule *const dd_lint_parse_rule = &rows[0].rule;
