/* The table of sections 4 to 7 of the CIS Docker Benchmark 1.6.0, one row per check in
 * the order docker-bench-security runs them. Titles are the benchmark's; rationale and
 * remediation are ours. Generated help, the man page and `drydock rules` read it. */
#include "bench/runtime.h"

#define CIS_URL "https://www.cisecurity.org/benchmark/docker"

static const dd_bench_check rows[] = {
    {
        .rule = {.id = "CIS-4.1",
                 .title = "Ensure that a user for the container has been created",
                 .severity = DD_SEV_HIGH,
                 .group = "4",
                 .rationale = "A process running as root in a container is root on the host the "
                              "moment it escapes; a dedicated user limits what a breakout gains.",
                 .remediation = "Create a user in the Dockerfile (useradd) and switch to it with "
                                "USER <name or uid>; or run the container with --user <uid>:<gid> "
                                "that is not 0.",
                 .cis = "4.1",
                 .cwe = "CWE-250",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_4_1,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-4.2",
                 .title = "Ensure that containers use only trusted base images",
                 .severity = DD_SEV_MEDIUM,
                 .group = "4",
                 .rationale = "An image from an unknown source can carry malware or outdated "
                              "software into every container built on it.",
                 .remediation = "Build only FROM images you trust: official or internally built "
                                "ones, pulled with Docker Content Trust, and review each image's "
                                "history (docker history).",
                 .cis = "4.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "Review the FROM line of every Dockerfile and the origin of each image in 'docker "
                 "images'; check that they come from trusted, signed sources.",
    },
    {
        .rule = {.id = "CIS-4.3",
                 .title = "Ensure that unnecessary packages are not installed in the container",
                 .severity = DD_SEV_LOW,
                 .group = "4",
                 .rationale = "Every installed package adds attack surface and vulnerabilities a "
                              "container does not need.",
                 .remediation = "Install only what the application needs; start from a minimal or "
                                "distroless base image.",
                 .cis = "4.3",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "List the installed packages of each image (for example 'drydock scan IMAGE') and "
                 "check each one is needed.",
    },
    {
        .rule = {.id = "CIS-4.4",
                 .title = "Ensure images are scanned and rebuilt to include security patches",
                 .severity = DD_SEV_HIGH,
                 .group = "4",
                 .rationale = "Images are frozen in time; without rebuilding they keep every "
                              "vulnerability found since they were built.",
                 .remediation = "Scan images regularly for vulnerabilities (drydock scan) and "
                                "rebuild them from patched base images, then restart the "
                                "containers.",
                 .cis = "4.4",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "Scan every image in use ('drydock scan IMAGE') and check when each was last "
                 "rebuilt.",
    },
    {
        .rule = {.id = "CIS-4.5",
                 .title = "Ensure Content trust for Docker is Enabled",
                 .severity = DD_SEV_MEDIUM,
                 .group = "4",
                 .rationale = "Content trust makes the client accept only signed images, so a "
                              "compromised registry cannot hand out a tampered one.",
                 .remediation = "Set DOCKER_CONTENT_TRUST=1 for every user of the Docker client, "
                                "for example in /etc/environment.",
                 .cis = "4.5",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = dd_check_4_5,
    },
    {
        .rule = {.id = "CIS-4.6",
                 .title = "Ensure that HEALTHCHECK instructions have been added to container "
                          "images",
                 .severity = DD_SEV_LOW,
                 .group = "4",
                 .rationale = "Without a health check the engine cannot tell a hung application "
                              "from a working one and cannot replace it.",
                 .remediation = "Add a HEALTHCHECK instruction to the Dockerfile of each image and "
                                "rebuild it.",
                 .cis = "4.6",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_4_6,
        .needs = DD_BENCH_NEEDS_DAEMON,
    },
    {
        .rule = {.id = "CIS-4.7",
                 .title = "Ensure update instructions are not used alone in the Dockerfile",
                 .severity = DD_SEV_LOW,
                 .group = "4",
                 .rationale = "A package index update cached in its own layer is reused by later "
                              "builds, which then install outdated packages.",
                 .remediation = "Put the update and the install in the same RUN instruction "
                                "(apt-get update && apt-get install -y ...), pin versions, or "
                                "build with --no-cache.",
                 .cis = "4.7",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_4_7,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check each Dockerfile for RUN lines that update a package index without "
                 "installing in the same instruction.",
    },
    {
        .rule = {.id = "CIS-4.8",
                 .title = "Ensure setuid and setgid permissions are removed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "4",
                 .rationale = "Setuid and setgid binaries let an unprivileged process in the "
                              "container become root.",
                 .remediation = "Remove the bits at build time where not needed: RUN find / -xdev "
                                "-perm /6000 -type f -exec chmod a-s {} + (keep the ones the "
                                "application needs).",
                 .cis = "4.8",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "List setuid/setgid files in each image ('drydock scan IMAGE' reports them) and "
                 "check each one is needed.",
    },
    {
        .rule = {.id = "CIS-4.9",
                 .title = "Ensure that COPY is used instead of ADD in Dockerfiles",
                 .severity = DD_SEV_LOW,
                 .group = "4",
                 .rationale = "ADD fetches URLs and unpacks archives implicitly, which can bring "
                              "unreviewed content into the image.",
                 .remediation = "Use COPY for local files; fetch remote files explicitly in a RUN "
                                "step with a checksum.",
                 .cis = "4.9",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_4_9,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check each Dockerfile for ADD instructions.",
    },
    {
        .rule = {.id = "CIS-4.10",
                 .title = "Ensure secrets are not stored in Dockerfiles",
                 .severity = DD_SEV_CRITICAL,
                 .group = "4",
                 .rationale = "Anything in a Dockerfile or image layer can be read by everyone who "
                              "can pull the image.",
                 .remediation = "Do not put secrets in Dockerfiles, ENV, ARG or layers; use build "
                                "secrets (BuildKit --secret) and runtime secret stores.",
                 .cis = "4.10",
                 .cwe = "CWE-798",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "Review Dockerfiles and image history for credentials ('drydock lint' and "
                 "'drydock scan' find many of them).",
    },
    {
        .rule = {.id = "CIS-4.11",
                 .title = "Ensure only verified packages are installed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "4",
                 .rationale = "Packages from unverified sources may have been tampered with.",
                 .remediation = "Install packages only from repositories whose signatures are "
                                "checked (apt with signed Release files, rpm with GPG checks).",
                 .cis = "4.11",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "Check that every package source in your Dockerfiles verifies signatures (no "
                 "--allow-unauthenticated, no --nogpgcheck).",
    },
    {
        .rule = {.id = "CIS-4.12",
                 .title = "Ensure all signed artifacts are validated",
                 .severity = DD_SEV_MEDIUM,
                 .group = "4",
                 .rationale = "An artifact whose signature is not checked might as well not be "
                              "signed.",
                 .remediation = "Validate the signature of every artifact before building it into "
                                "an image or publishing it.",
                 .cis = "4.12",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "Review your build pipeline for signature validation of images and artifacts.",
    },
    {
        .rule = {.id = "CIS-5.1",
                 .title = "Ensure swarm mode is not Enabled, if not needed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "Swarm mode opens management ports and a control plane that should "
                              "not run where it is not used.",
                 .remediation = "If swarm mode was enabled by mistake: docker swarm leave.",
                 .cis = "5.1",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_1,
        .needs = DD_BENCH_NEEDS_DAEMON,
    },
    {
        .rule = {.id = "CIS-5.2",
                 .title = "Ensure that, if applicable, an AppArmor Profile is enabled",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "AppArmor confines what a containerised process may access even when "
                              "it runs as root.",
                 .remediation = "Enable AppArmor on the host and run containers with the default "
                                "docker-default profile or a custom one (--security-opt "
                                "apparmor=PROFILE).",
                 .cis = "5.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_2,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.3",
                 .title = "Ensure that, if applicable, SELinux security options are set",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "SELinux labels confine containers from the host and from each "
                              "other.",
                 .remediation = "Run the daemon with --selinux-enabled on an SELinux host and do "
                                "not start containers with --security-opt label=disable.",
                 .cis = "5.3",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = dd_check_5_3,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.4",
                 .title = "Ensure that Linux kernel capabilities are restricted within containers",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "Capabilities beyond Docker's default set (NET_ADMIN, SYS_ADMIN, "
                              "...) hand a container powers that make escaping or attacking the "
                              "host easier.",
                 .remediation = "Drop everything and add back only what is needed: docker run "
                                "--cap-drop ALL --cap-add NET_BIND_SERVICE ...",
                 .cis = "5.4",
                 .cwe = "CWE-250",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_4,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.5",
                 .title = "Ensure that privileged containers are not used",
                 .severity = DD_SEV_CRITICAL,
                 .group = "5",
                 .rationale = "A privileged container has every capability, every device and no "
                              "seccomp or LSM confinement: root in it is root on the host.",
                 .remediation = "Do not run containers with --privileged; grant the specific "
                                "capabilities or devices needed instead.",
                 .cis = "5.5",
                 .cwe = "CWE-250",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_5,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.6",
                 .title = "Ensure sensitive host system directories are not mounted on containers",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "Mounting /, /etc, /proc, /sys and the like lets a container read "
                              "secrets or change the host.",
                 .remediation = "Do not bind-mount sensitive host directories, especially not "
                                "read-write; mount only the specific files needed, read-only.",
                 .cis = "5.6",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_6,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.7",
                 .title = "Ensure sshd is not run within containers",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "An SSH daemon in a container needs keys and patching of its own and "
                              "opens a door around docker exec and its audit.",
                 .remediation = "Remove the SSH daemon from the image; use docker exec to get into "
                                "a container.",
                 .cis = "5.7",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_7,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.8",
                 .title = "Ensure privileged ports are not mapped within containers",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "Ports below 1024 are reserved for privileged services; mapping them "
                              "from containers blurs that boundary.",
                 .remediation = "Publish container ports on host ports 1024 and above (-p "
                                "8080:80), or put a reverse proxy in front.",
                 .cis = "5.8",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_8,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.9",
                 .title = "Ensure that only needed ports are open on the container",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "Every published port is reachable from outside and widens the "
                              "attack surface.",
                 .remediation = "Publish only the ports the application needs; avoid -P (publish "
                                "all exposed ports).",
                 .cis = "5.9",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_5_9,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
        .audit = "Check the list of published ports of each container against what it needs.",
    },
    {
        .rule = {.id = "CIS-5.10",
                 .title = "Ensure that the host's network namespace is not shared",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "With --network host a container sees every host interface and can "
                              "bind or sniff host services.",
                 .remediation = "Do not run containers with --network host.",
                 .cis = "5.10",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_10,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.11",
                 .title = "Ensure that the memory usage for containers is limited",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "A container without a memory limit can starve the host and every "
                              "other container.",
                 .remediation = "Run containers with --memory (and --memory-swap) sized for the "
                                "application.",
                 .cis = "5.11",
                 .cwe = "CWE-400",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_11,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.12",
                 .title = "Ensure that CPU priority is set appropriately on containers",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "Without CPU shares or limits one busy container can starve the "
                              "others.",
                 .remediation = "Run containers with --cpus, --cpu-shares or --cpuset-cpus "
                                "according to their priority.",
                 .cis = "5.12",
                 .cwe = "CWE-400",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_12,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.13",
                 .title = "Ensure that the container's root filesystem is mounted as read only",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "A writable root filesystem lets an attacker plant tools and change "
                              "binaries inside the container.",
                 .remediation = "Run containers with --read-only and mount writable volumes or "
                                "tmpfs only where data must be written.",
                 .cis = "5.13",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_13,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.14",
                 .title = "Ensure that incoming container traffic is bound to a specific host "
                          "interface",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "A port published on every interface (0.0.0.0 or ::) is reachable "
                              "from every network the host is on.",
                 .remediation = "Bind published ports to one address: -p 10.0.0.5:8080:80 (or "
                                "127.0.0.1 for local use).",
                 .cis = "5.14",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_14,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.15",
                 .title = "Ensure that the 'on-failure' container restart policy is set to '5'",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "Endless restarts of a failing container can exhaust the host and "
                              "hide the failure.",
                 .remediation = "Use --restart on-failure:5 (or no restart policy) instead of "
                                "always, unless-stopped or unlimited on-failure.",
                 .cis = "5.15",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_15,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.16",
                 .title = "Ensure that the host's process namespace is not shared",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "With --pid host a container sees and can signal every host process.",
                 .remediation = "Do not run containers with --pid host.",
                 .cis = "5.16",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_16,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.17",
                 .title = "Ensure that the host's IPC namespace is not shared",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "With --ipc host a container can reach the host's shared memory and "
                              "semaphores.",
                 .remediation = "Do not run containers with --ipc host.",
                 .cis = "5.17",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_17,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.18",
                 .title = "Ensure that host devices are not directly exposed to containers",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "A host device inside a container (--device) can be read, written or "
                              "used to reach the host kernel directly.",
                 .remediation = "Do not pass host devices with --device unless required, and then "
                                "with the least permissions (r instead of rwm).",
                 .cis = "5.18",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_5_18,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
        .audit = "Check the devices each container has against what it needs.",
    },
    {
        .rule = {.id = "CIS-5.19",
                 .title = "Ensure that the default ulimit is overwritten at runtime if needed",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "The daemon's default ulimits apply to all containers; overriding "
                              "them per container should be a deliberate decision.",
                 .remediation = "Override ulimits (--ulimit) only where a container needs "
                                "different limits.",
                 .cis = "5.19",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_5_19,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
        .audit = "Check each container's ulimit overrides against what it needs.",
    },
    {
        .rule = {.id = "CIS-5.20",
                 .title = "Ensure mount propagation mode is not set to shared",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "A shared mount lets mounts made inside the container appear on the "
                              "host and the other way round.",
                 .remediation = "Do not mount volumes with shared or rshared propagation.",
                 .cis = "5.20",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_20,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.21",
                 .title = "Ensure that the host's UTS namespace is not shared",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "With --uts host a container can change the host's hostname.",
                 .remediation = "Do not run containers with --uts host.",
                 .cis = "5.21",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_21,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.22",
                 .title = "Ensure the default seccomp profile is not Disabled",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "Seccomp blocks dangerous system calls; without it the whole kernel "
                              "interface is open to the container.",
                 .remediation = "Keep the default seccomp profile (do not pass --security-opt "
                                "seccomp=unconfined), or apply a stricter custom one.",
                 .cis = "5.22",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_22,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.23",
                 .title = "Ensure that docker exec commands are not used with the privileged "
                          "option",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "docker exec --privileged gives the exec'd process every capability, "
                              "bypassing the container's confinement.",
                 .remediation = "Do not use docker exec --privileged.",
                 .cis = "5.23",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .audit = "The API keeps no history of exec sessions: review the audit log of the docker "
                 "binary or the daemon's events (docker events --filter event=exec_create) for "
                 "exec sessions with --privileged.",
    },
    {
        .rule = {.id = "CIS-5.24",
                 .title = "Ensure that docker exec commands are not used with the user=root option",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "docker exec --user root runs as root even in a container built to "
                              "run unprivileged.",
                 .remediation = "Do not use docker exec --user root.",
                 .cis = "5.24",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL | DD_RULE_LEVEL2},
        .audit = "The API keeps no history of exec sessions: review the audit log of the docker "
                 "binary or the daemon's events for exec sessions run as root.",
    },
    {
        .rule = {.id = "CIS-5.25",
                 .title = "Ensure that cgroup usage is confirmed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "A custom --cgroup-parent places the container outside the limits "
                              "and accounting Docker sets up.",
                 .remediation = "Use --cgroup-parent only when required and confirm the parent "
                                "cgroup has the intended limits.",
                 .cis = "5.25",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_25,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.26",
                 .title = "Ensure that the container is restricted from acquiring additional "
                          "privileges",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "Without no-new-privileges a process can gain privileges through "
                              "setuid or file-capability binaries.",
                 .remediation = "Run containers with --security-opt no-new-privileges (or set "
                                "\"no-new-privileges\": true in daemon.json).",
                 .cis = "5.26",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_26,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.27",
                 .title = "Ensure that container health is checked at runtime",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "Without a health check a hung container looks healthy to the engine "
                              "and to orchestration.",
                 .remediation = "Run containers with --health-cmd (or a HEALTHCHECK in the image).",
                 .cis = "5.27",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_27,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.28",
                 .title = "Ensure that Docker commands always make use of the latest version of "
                          "their image",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "A container started from a cached, mutable tag may run an older "
                              "image than intended.",
                 .remediation = "Pin images by digest or by a specific version tag and pull before "
                                "starting.",
                 .cis = "5.28",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_5_28,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
        .audit = "Check each container's image reference against the version you intend to run.",
    },
    {
        .rule = {.id = "CIS-5.29",
                 .title = "Ensure that the PIDs cgroup limit is used",
                 .severity = DD_SEV_MEDIUM,
                 .group = "5",
                 .rationale = "Without a PIDs limit a fork bomb in one container exhausts the "
                              "host's process table.",
                 .remediation = "Run containers with --pids-limit set to what the application "
                                "needs.",
                 .cis = "5.29",
                 .cwe = "CWE-400",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_29,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.30",
                 .title = "Ensure that Docker's default bridge 'docker0' is not used",
                 .severity = DD_SEV_LOW,
                 .group = "5",
                 .rationale = "All containers on the default bridge can talk to each other; "
                              "user-defined networks isolate them.",
                 .remediation = "Create user-defined networks (docker network create) and attach "
                                "containers to them.",
                 .cis = "5.30",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL | DD_RULE_LEVEL2},
        .fn = dd_check_5_30,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
        .audit = "Check which containers are attached to the default bridge network.",
    },
    {
        .rule = {.id = "CIS-5.31",
                 .title = "Ensure that the host's user namespaces are not shared",
                 .severity = DD_SEV_HIGH,
                 .group = "5",
                 .rationale = "With --userns host a container skips user-namespace remapping and "
                              "its root is the host's root.",
                 .remediation = "Do not run containers with --userns host.",
                 .cis = "5.31",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_31,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-5.32",
                 .title = "Ensure that the Docker socket is not mounted inside any containers",
                 .severity = DD_SEV_CRITICAL,
                 .group = "5",
                 .rationale = "Whoever can talk to the Docker socket controls the daemon, and with "
                              "it the whole host.",
                 .remediation = "Do not mount docker.sock into containers; if an API is needed, "
                                "use an authorising proxy with a narrow allow-list.",
                 .cis = "5.32",
                 .cwe = "CWE-269",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_5_32,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "CIS-6.1",
                 .title = "Ensure that image sprawl is avoided",
                 .severity = DD_SEV_LOW,
                 .group = "6",
                 .rationale = "Old, unused images pile up unpatched and make it hard to know what "
                              "is in use.",
                 .remediation = "Remove images that are not in use (docker image prune -a) and "
                                "keep only what you need.",
                 .cis = "6.1",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_6_1,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Compare the image list with the images in use by containers.",
    },
    {
        .rule = {.id = "CIS-6.2",
                 .title = "Ensure that container sprawl is avoided",
                 .severity = DD_SEV_LOW,
                 .group = "6",
                 .rationale = "Stopped containers pile up, keep data and make the inventory hard "
                              "to audit.",
                 .remediation = "Remove stopped containers that are not needed (docker container "
                                "prune).",
                 .cis = "6.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_6_2,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Compare the number of containers with the number running.",
    },
    {
        .rule = {.id = "CIS-7.1",
                 .title = "Ensure that the minimum number of manager nodes have been created in a "
                          "swarm",
                 .severity = DD_SEV_MEDIUM,
                 .group = "7",
                 .rationale = "Every manager holds the whole cluster state; more managers than "
                              "needed is more attack surface.",
                 .remediation = "Run an odd number of managers, as few as your fault tolerance "
                                "needs; demote the rest (docker node demote).",
                 .cis = "7.1",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_7_1,
        .needs = DD_BENCH_NEEDS_DAEMON,
    },
    {
        .rule = {.id = "CIS-7.2",
                 .title = "Ensure that swarm services are bound to a specific host interface",
                 .severity = DD_SEV_MEDIUM,
                 .group = "7",
                 .rationale = "A swarm manager listening on every interface exposes its control "
                              "plane to every network.",
                 .remediation = "Initialise the swarm with --listen-addr set to one interface.",
                 .cis = "7.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_7_2,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check the listening sockets (ss -lnt) for port 2377 bound to a wildcard address.",
    },
    {
        .rule = {.id = "CIS-7.3",
                 .title = "Ensure that all Docker swarm overlay networks are encrypted",
                 .severity = DD_SEV_MEDIUM,
                 .group = "7",
                 .rationale = "Unencrypted overlay traffic between nodes can be read on the wire.",
                 .remediation = "Create overlay networks with --opt encrypted.",
                 .cis = "7.3",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_7_3,
        .needs = DD_BENCH_NEEDS_DAEMON,
    },
    {
        .rule = {.id = "CIS-7.4",
                 .title = "Ensure that Docker's secret management commands are used for managing "
                          "secrets in a swarm cluster",
                 .severity = DD_SEV_MEDIUM,
                 .group = "7",
                 .rationale = "Secrets passed as environment variables or files in images leak; "
                              "swarm secrets are encrypted and scoped.",
                 .remediation = "Use docker secret to hand secrets to services.",
                 .cis = "7.4",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_7_4,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check that services receive their secrets through docker secret (docker secret "
                 "ls, docker service inspect).",
    },
    {
        .rule = {.id = "CIS-7.5",
                 .title = "Ensure that swarm manager is run in auto-lock mode",
                 .severity = DD_SEV_MEDIUM,
                 .group = "7",
                 .rationale = "Without auto-lock the keys that decrypt the raft log sit on the "
                              "manager's disk.",
                 .remediation = "Enable auto-lock: docker swarm update --autolock=true (or docker "
                                "swarm init --autolock).",
                 .cis = "7.5",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = dd_check_7_5,
        .needs = DD_BENCH_NEEDS_DAEMON,
    },
    {
        .rule = {.id = "CIS-7.6",
                 .title = "Ensure that the swarm manager auto-lock key is rotated periodically",
                 .severity = DD_SEV_LOW,
                 .group = "7",
                 .rationale = "A key that never changes stays useful to whoever once obtained it.",
                 .remediation = "Rotate the unlock key periodically: docker swarm unlock-key "
                                "--rotate, and keep a record of rotations.",
                 .cis = "7.6",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_7_4,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check your records of when the swarm unlock key was last rotated.",
    },
    {
        .rule = {.id = "CIS-7.7",
                 .title = "Ensure that node certificates are rotated as appropriate",
                 .severity = DD_SEV_LOW,
                 .group = "7",
                 .rationale = "Long-lived node certificates stay useful to an attacker who steals "
                              "one.",
                 .remediation = "Set the certificate expiry to fit your policy: docker swarm "
                                "update --cert-expiry 48h.",
                 .cis = "7.7",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_7_7,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check the node certificate expiry (docker info, Swarm section).",
    },
    {
        .rule = {.id = "CIS-7.8",
                 .title = "Ensure that CA certificates are rotated as appropriate",
                 .severity = DD_SEV_LOW,
                 .group = "7",
                 .rationale = "A long-lived swarm root CA cannot be revoked once compromised.",
                 .remediation = "Rotate the swarm root CA periodically: docker swarm ca --rotate.",
                 .cis = "7.8",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_7_4,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check your records of when the swarm root CA was last rotated.",
    },
    {
        .rule = {.id = "CIS-7.9",
                 .title = "Ensure that management plane traffic is separated from data plane "
                          "traffic",
                 .severity = DD_SEV_LOW,
                 .group = "7",
                 .rationale = "Mixing management and application traffic on one interface exposes "
                              "the control plane to the data network.",
                 .remediation = "Initialise the swarm with separate interfaces: --advertise-addr "
                                "for management, --data-path-addr for data.",
                 .cis = "7.9",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = dd_check_7_4,
        .needs = DD_BENCH_NEEDS_DAEMON,
        .audit = "Check that the swarm's advertise address and data path address are on different "
                 "interfaces.",
    },
};

const dd_rule_table dd_bench_runtime_table =
    DD_RULE_TABLE("bench", "CIS Docker Benchmark 1.6.0", rows);
