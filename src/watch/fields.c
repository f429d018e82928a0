/* Field table and extraction. Values come from the event record (thread facts, arguments,
 * the described fd), the process table (process tree, command lines) and the container
 * cache. Strings from traced processes are untrusted: they are only compared and printed
 * (escaped by the output sinks), never interpreted. */
#include "watch/fields.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "report/rule.h"

#ifndef FMODE_EXEC
#define FMODE_EXEC 0x20
#endif
#define FMODE_CREATED 0x100000

enum {
    F_EVT_TYPE = 1,
    F_EVT_DIR,
    F_EVT_NUM,
    F_EVT_TIME,
    F_EVT_TIME_S,
    F_EVT_TIME_ISO,
    F_EVT_DATETIME,
    F_EVT_RAWTIME,
    F_EVT_RAWTIME_S,
    F_EVT_RAWTIME_NS,
    F_EVT_RES,
    F_EVT_RAWRES,
    F_EVT_FAILED,
    F_EVT_IS_OPEN_READ,
    F_EVT_IS_OPEN_WRITE,
    F_EVT_IS_OPEN_EXEC,
    F_EVT_IS_OPEN_CREATE,
    F_EVT_ARG,
    F_EVT_RAWARG,
    F_EVT_ARGS,
    F_EVT_INFO,
    F_EVT_HOSTNAME,
    F_EVT_SOURCE,
    F_PROC_PID,
    F_PROC_PPID,
    F_PROC_VPID,
    F_PROC_PVPID,
    F_PROC_NAME,
    F_PROC_EXE,
    F_PROC_EXEPATH,
    F_PROC_ARGS,
    F_PROC_CMDLINE,
    F_PROC_EXELINE,
    F_PROC_CMDNARGS,
    F_PROC_CMDLENARGS,
    F_PROC_PNAME,
    F_PROC_PEXE,
    F_PROC_PEXEPATH,
    F_PROC_PCMDLINE,
    F_PROC_ANAME,
    F_PROC_AEXE,
    F_PROC_AEXEPATH,
    F_PROC_APID,
    F_PROC_ACMDLINE,
    F_PROC_CWD,
    F_PROC_TTY,
    F_PROC_SID,
    F_PROC_SNAME,
    F_PROC_SID_EXE,
    F_PROC_SID_EXEPATH,
    F_PROC_VPGID,
    F_PROC_VPGID_NAME,
    F_PROC_VPGID_EXE,
    F_PROC_VPGID_EXEPATH,
    F_PROC_IS_VPGID_LEADER,
    F_PROC_IS_SID_LEADER,
    F_PROC_DURATION,
    F_PROC_PPID_DURATION,
    F_PROC_IS_EXE_UPPER,
    F_PROC_IS_EXE_MEMFD,
    F_PROC_IS_EXE_WRITABLE,
    F_PROC_EXE_INO,
    F_PROC_EXE_INO_CTIME,
    F_PROC_EXE_INO_MTIME,
    F_PROC_EXE_INO_CTIME_DUR_START,
    F_PROC_EXE_INO_CTIME_DUR_PIDNS,
    F_PROC_ENV,
    F_PROC_IS_HEALTHCHECK,
    F_PROC_IS_LIVENESS,
    F_PROC_IS_READINESS,
    F_THREAD_TID,
    F_THREAD_VTID,
    F_THREAD_CAP_EFF,
    F_THREAD_CAP_PRM,
    F_THREAD_CAP_INH,
    F_THREAD_ISMAIN,
    F_USER_UID,
    F_USER_NAME,
    F_USER_LOGINUID,
    F_USER_LOGINNAME,
    F_USER_HOMEDIR,
    F_USER_SHELL,
    F_GROUP_GID,
    F_GROUP_NAME,
    F_FD_NUM,
    F_FD_TYPE,
    F_FD_TYPECHAR,
    F_FD_NAME,
    F_FD_NAMERAW,
    F_FD_DIRECTORY,
    F_FD_FILENAME,
    F_FD_IP,
    F_FD_CIP,
    F_FD_SIP,
    F_FD_LIP,
    F_FD_RIP,
    F_FD_PORT,
    F_FD_CPORT,
    F_FD_SPORT,
    F_FD_LPORT,
    F_FD_RPORT,
    F_FD_L4PROTO,
    F_FD_SOCKFAMILY,
    F_FD_IS_SERVER,
    F_FD_NET,
    F_FD_CNET,
    F_FD_SNET,
    F_FD_LNET,
    F_FD_RNET,
    F_FD_CONNECTED,
    F_FD_NAME_CHANGED,
    F_FD_INO,
    F_FS_PATH_NAME,
    F_FS_PATH_NAMERAW,
    F_FS_PATH_SOURCE,
    F_FS_PATH_SOURCERAW,
    F_FS_PATH_TARGET,
    F_FS_PATH_TARGETRAW,
    F_CTR_ID,
    F_CTR_FULL_ID,
    F_CTR_NAME,
    F_CTR_IMAGE,
    F_CTR_IMAGE_ID,
    F_CTR_IMAGE_REPO,
    F_CTR_IMAGE_TAG,
    F_CTR_IMAGE_DIGEST,
    F_CTR_TYPE,
    F_CTR_PRIVILEGED,
    F_CTR_MOUNTS,
    F_CTR_MOUNT,
    F_CTR_MOUNT_SOURCE,
    F_CTR_MOUNT_DEST,
    F_CTR_MOUNT_MODE,
    F_CTR_MOUNT_RDWR,
    F_CTR_MOUNT_PROPAGATION,
    F_CTR_START_TS,
    F_CTR_DURATION,
    F_CTR_HEALTHCHECK,
    F_CTR_LIVENESS,
    F_CTR_READINESS,
    F_CTR_IP,
    F_CTR_USER,
    F_CTR_HOST_PID,
    F_CTR_HOST_NETWORK,
    F_CTR_HOST_IPC,
    F_CTR_LABEL,
    F_CTR_LABELS,
    F_CTR_INFO,
    F_K8S_NS_NAME,
    F_K8S_POD_NAME,
};

#define S DD_FT_STR
#define I DD_FT_INT
#define B DD_FT_BOOL
static const dd_field fields[] = {
    {"evt.type", F_EVT_TYPE, S, 0, 0,
     "event type: the syscall (openat, execve...), container, procexit"},
    {"evt.dir", F_EVT_DIR, S, 0, 0,
     "drydock's events carry entry arguments and exit results together: both '>' and '<' match"},
    {"evt.num", F_EVT_NUM, I, 0, 0, "event number, 1 for the first event processed"},
    {"evt.time", F_EVT_TIME, S, 0, 0, "time of day, local, with nanoseconds"},
    {"evt.time.s", F_EVT_TIME_S, S, 0, 0, "time of day, local, to the second"},
    {"evt.time.iso8601", F_EVT_TIME_ISO, S, 0, 0, "UTC time, ISO 8601"},
    {"evt.datetime", F_EVT_DATETIME, S, 0, 0, "local date and time"},
    {"evt.rawtime", F_EVT_RAWTIME, I, 0, 0, "nanoseconds since the epoch"},
    {"evt.rawtime.s", F_EVT_RAWTIME_S, I, 0, 0, "seconds since the epoch"},
    {"evt.rawtime.ns", F_EVT_RAWTIME_NS, I, 0, 0, "nanosecond part of the time"},
    {"evt.res", F_EVT_RES, S, 0, 0, "SUCCESS, or the error name (ENOENT)"},
    {"evt.rawres", F_EVT_RAWRES, I, 0, 0, "the syscall's return value"},
    {"evt.failed", F_EVT_FAILED, B, 0, 0, "the syscall failed"},
    {"evt.is_open_read", F_EVT_IS_OPEN_READ, B, 0, 0, "an open for reading"},
    {"evt.is_open_write", F_EVT_IS_OPEN_WRITE, B, 0, 0, "an open for writing"},
    {"evt.is_open_exec", F_EVT_IS_OPEN_EXEC, B, 0, 0, "an open for execution (FMODE_EXEC)"},
    {"evt.is_open_create", F_EVT_IS_OPEN_CREATE, B, 0, 0, "an open that created the file"},
    {"evt.arg", F_EVT_ARG, S, DD_FA_ARG, 0,
     "an argument by Falco's name or position, rendered (evt.arg.flags)"},
    {"evt.rawarg", F_EVT_RAWARG, S, DD_FA_ARG, 0,
     "an argument as a number (or the string as given)"},
    {"evt.args", F_EVT_ARGS, S, 0, 0, "all arguments, name=value"},
    {"evt.info", F_EVT_INFO, S, 0, 0, "same as evt.args"},
    {"evt.hostname", F_EVT_HOSTNAME, S, 0, 0, "the host's name"},
    {"evt.source", F_EVT_SOURCE, S, 0, 0, "always syscall"},
    {"proc.pid", F_PROC_PID, I, 0, 0, "process id (host pid namespace)"},
    {"proc.ppid", F_PROC_PPID, I, 0, 0, "parent's process id"},
    {"proc.vpid", F_PROC_VPID, I, 0, 0,
     "process id in its own pid namespace (1 for a container's init)"},
    {"proc.pvpid", F_PROC_PVPID, I, 0, 0, "parent's process id in its pid namespace"},
    {"proc.name", F_PROC_NAME, S, 0, 0, "the process's name (comm)"},
    {"proc.exe", F_PROC_EXE, S, 0, 0, "argv[0]"},
    {"proc.exepath", F_PROC_EXEPATH, S, 0, 0,
     "the executable's full path (resolved in the kernel; memfd:NAME for a memfd)"},
    {"proc.args", F_PROC_ARGS, S, 0, 0, "arguments after argv[0], space-separated"},
    {"proc.cmdline", F_PROC_CMDLINE, S, 0, 0, "proc.name and proc.args"},
    {"proc.exeline", F_PROC_EXELINE, S, 0, 0, "proc.exe and proc.args"},
    {"proc.cmdnargs", F_PROC_CMDNARGS, I, 0, 0, "number of arguments"},
    {"proc.cmdlenargs", F_PROC_CMDLENARGS, I, 0, 0, "total length of the arguments"},
    {"proc.pname", F_PROC_PNAME, S, 0, 0, "the parent's name"},
    {"proc.pexe", F_PROC_PEXE, S, 0, 0, "the parent's argv[0]"},
    {"proc.pexepath", F_PROC_PEXEPATH, S, 0, 0, "the parent's executable path"},
    {"proc.pcmdline", F_PROC_PCMDLINE, S, 0, 0, "the parent's command line"},
    {"proc.aname", F_PROC_ANAME, S, DD_FA_INDEX_OPT, DD_FF_MULTI,
     "name of the Nth ancestor (1: parent); without [N], any ancestor"},
    {"proc.aexe", F_PROC_AEXE, S, DD_FA_INDEX_OPT, DD_FF_MULTI, "argv[0] of the Nth ancestor"},
    {"proc.aexepath", F_PROC_AEXEPATH, S, DD_FA_INDEX_OPT, DD_FF_MULTI,
     "executable path of the Nth ancestor"},
    {"proc.apid", F_PROC_APID, I, DD_FA_INDEX_OPT, DD_FF_MULTI, "pid of the Nth ancestor"},
    {"proc.acmdline", F_PROC_ACMDLINE, S, DD_FA_INDEX_OPT, DD_FF_MULTI,
     "command line of the Nth ancestor"},
    {"proc.cwd", F_PROC_CWD, S, 0, 0, "working directory at the last exec"},
    {"proc.tty", F_PROC_TTY, I, 0, 0, "controlling terminal (device number), 0 when none"},
    {"proc.sid", F_PROC_SID, I, 0, 0, "session id"},
    {"proc.sname", F_PROC_SNAME, S, 0, 0, "name of the session leader"},
    {"proc.sid.exe", F_PROC_SID_EXE, S, 0, 0, "argv[0] of the session leader"},
    {"proc.sid.exepath", F_PROC_SID_EXEPATH, S, 0, 0, "executable path of the session leader"},
    {"proc.vpgid", F_PROC_VPGID, I, 0, 0, "process group id in the pid namespace"},
    {"proc.vpgid.name", F_PROC_VPGID_NAME, S, 0, 0, "name of the process group leader"},
    {"proc.vpgid.exe", F_PROC_VPGID_EXE, S, 0, 0, "argv[0] of the process group leader"},
    {"proc.vpgid.exepath", F_PROC_VPGID_EXEPATH, S, 0, 0,
     "executable path of the process group leader"},
    {"proc.is_vpgid_leader", F_PROC_IS_VPGID_LEADER, B, 0, 0,
     "the process leads its process group"},
    {"proc.is_sid_leader", F_PROC_IS_SID_LEADER, B, 0, 0, "the process leads its session"},
    {"proc.duration", F_PROC_DURATION, I, 0, 0, "nanoseconds since the process started"},
    {"proc.ppid.duration", F_PROC_PPID_DURATION, I, 0, 0, "nanoseconds since the parent started"},
    {"proc.is_exe_upper_layer", F_PROC_IS_EXE_UPPER, B, 0, 0,
     "the executable is not from the image: an overlayfs upper-layer file, or (any storage driver) "
     "a file changed after its container started"},
    {"proc.is_exe_from_memfd", F_PROC_IS_EXE_MEMFD, B, 0, 0, "executed from a memfd_create() file"},
    {"proc.is_exe_writable", F_PROC_IS_EXE_WRITABLE, B, 0, 0,
     "the executable is writable by the process's user"},
    {"proc.exe_ino", F_PROC_EXE_INO, I, 0, 0, "inode number of the executable"},
    {"proc.exe_ino.ctime", F_PROC_EXE_INO_CTIME, I, 0, 0,
     "executable's inode change time, ns since the epoch"},
    {"proc.exe_ino.mtime", F_PROC_EXE_INO_MTIME, I, 0, 0,
     "executable's modification time, ns since the epoch"},
    {"proc.exe_ino.ctime_duration_proc_start", F_PROC_EXE_INO_CTIME_DUR_START, I, 0, 0,
     "ns between the executable's change and the process start"},
    {"proc.exe_ino.ctime_duration_pidns_start", F_PROC_EXE_INO_CTIME_DUR_PIDNS, I, 0, 0,
     "ns between the container's start and the executable's change"},
    {"proc.env", F_PROC_ENV, S, DD_FA_KEY_OPT, DD_FF_ENV,
     "environment (proc.env[NAME]: one variable); enables capture at exec"},
    {"proc.is_container_healthcheck", F_PROC_IS_HEALTHCHECK, B, 0, 0,
     "the process is its container's Docker HEALTHCHECK"},
    {"proc.is_container_liveness_probe", F_PROC_IS_LIVENESS, B, 0, 0,
     "a Kubernetes liveness probe (never, under Docker)"},
    {"proc.is_container_readiness_probe", F_PROC_IS_READINESS, B, 0, 0,
     "a Kubernetes readiness probe (never, under Docker)"},
    {"thread.tid", F_THREAD_TID, I, 0, 0, "thread id"},
    {"thread.vtid", F_THREAD_VTID, I, 0, 0, "thread id in its pid namespace"},
    {"thread.cap_effective", F_THREAD_CAP_EFF, S, 0, 0,
     "effective capabilities: CAP_CHOWN CAP_NET_RAW ..."},
    {"thread.cap_permitted", F_THREAD_CAP_PRM, S, 0, 0, "permitted capabilities"},
    {"thread.cap_inheritable", F_THREAD_CAP_INH, S, 0, 0, "inheritable capabilities"},
    {"thread.ismain", F_THREAD_ISMAIN, B, 0, 0, "the main thread"},
    {"user.uid", F_USER_UID, I, 0, 0, "effective user id"},
    {"user.name", F_USER_NAME, S, 0, 0, "user name (from the container's /etc/passwd)"},
    {"user.loginuid", F_USER_LOGINUID, I, 0, 0, "audit login uid, -1 when unset"},
    {"user.loginname", F_USER_LOGINNAME, S, 0, 0, "name of the login uid"},
    {"user.homedir", F_USER_HOMEDIR, S, 0, 0, "home directory"},
    {"user.shell", F_USER_SHELL, S, 0, 0, "login shell"},
    {"group.gid", F_GROUP_GID, I, 0, 0, "effective group id"},
    {"group.name", F_GROUP_NAME, S, 0, 0, "group name"},
    {"fd.num", F_FD_NUM, I, 0, 0, "the fd (-1 for a failed open)"},
    {"fd.type", F_FD_TYPE, S, 0, 0, "file, directory, ipv4, ipv6, unix, pipe, netlink, memfd"},
    {"fd.typechar", F_FD_TYPECHAR, DD_FT_CHAR, 0, 0, "f d 4 6 u p n m"},
    {"fd.name", F_FD_NAME, S, 0, 0,
     "the file (absolute, normalised) or the connection cip:cport->sip:sport"},
    {"fd.nameraw", F_FD_NAMERAW, S, 0, 0, "the path as the process gave it"},
    {"fd.directory", F_FD_DIRECTORY, S, 0, 0, "directory of fd.name"},
    {"fd.filename", F_FD_FILENAME, S, 0, 0, "last component of fd.name"},
    {"fd.ip", F_FD_IP, DD_FT_IP, 0, DD_FF_MULTI, "either end's address"},
    {"fd.cip", F_FD_CIP, DD_FT_IP, 0, 0, "client address"},
    {"fd.sip", F_FD_SIP, DD_FT_IP, 0, 0, "server address"},
    {"fd.lip", F_FD_LIP, DD_FT_IP, 0, 0, "local address"},
    {"fd.rip", F_FD_RIP, DD_FT_IP, 0, 0, "remote address"},
    {"fd.port", F_FD_PORT, I, 0, DD_FF_MULTI, "either end's port"},
    {"fd.cport", F_FD_CPORT, I, 0, 0, "client port"},
    {"fd.sport", F_FD_SPORT, I, 0, 0, "server port"},
    {"fd.lport", F_FD_LPORT, I, 0, 0, "local port"},
    {"fd.rport", F_FD_RPORT, I, 0, 0, "remote port"},
    {"fd.l4proto", F_FD_L4PROTO, S, 0, 0, "tcp, udp, icmp, raw"},
    {"fd.sockfamily", F_FD_SOCKFAMILY, S, 0, 0, "ip or unix"},
    {"fd.is_server", F_FD_IS_SERVER, B, 0, 0, "the process is the server end"},
    {"fd.net", F_FD_NET, DD_FT_IP, 0, DD_FF_MULTI, "either address, compared with a CIDR network"},
    {"fd.cnet", F_FD_CNET, DD_FT_IP, 0, 0, "client address, compared with a network"},
    {"fd.snet", F_FD_SNET, DD_FT_IP, 0, 0, "server address, compared with a network"},
    {"fd.lnet", F_FD_LNET, DD_FT_IP, 0, 0, "local address, compared with a network"},
    {"fd.rnet", F_FD_RNET, DD_FT_IP, 0, 0, "remote address, compared with a network"},
    {"fd.connected", F_FD_CONNECTED, B, 0, 0, "a connected socket"},
    {"fd.name_changed", F_FD_NAME_CHANGED, B, 0, 0, "never (drydock does not keep fd tables)"},
    {"fd.ino", F_FD_INO, I, 0, 0, "inode number"},
    {"fs.path.name", F_FS_PATH_NAME, S, 0, 0,
     "the path a filesystem syscall operates on, resolved"},
    {"fs.path.nameraw", F_FS_PATH_NAMERAW, S, 0, 0, "the same, as given"},
    {"fs.path.source", F_FS_PATH_SOURCE, S, 0, 0, "the source path (link, rename), resolved"},
    {"fs.path.sourceraw", F_FS_PATH_SOURCERAW, S, 0, 0, "the source path as given"},
    {"fs.path.target", F_FS_PATH_TARGET, S, 0, 0, "the target path (link, rename), resolved"},
    {"fs.path.targetraw", F_FS_PATH_TARGETRAW, S, 0, 0, "the target path as given"},
    {"container.id", F_CTR_ID, S, 0, 0, "12-character id, or host"},
    {"container.full_id", F_CTR_FULL_ID, S, 0, 0, "64-character id, or host"},
    {"container.name", F_CTR_NAME, S, 0, 0, "container name, or host"},
    {"container.image", F_CTR_IMAGE, S, 0, 0, "image as given to docker run"},
    {"container.image.id", F_CTR_IMAGE_ID, S, 0, 0, "image id"},
    {"container.image.repository", F_CTR_IMAGE_REPO, S, 0, 0,
     "image repository (without tag or digest)"},
    {"container.image.tag", F_CTR_IMAGE_TAG, S, 0, 0, "image tag"},
    {"container.image.digest", F_CTR_IMAGE_DIGEST, S, 0, 0, "image digest"},
    {"container.type", F_CTR_TYPE, S, 0, 0, "docker, or host"},
    {"container.privileged", F_CTR_PRIVILEGED, B, 0, 0, "started with --privileged"},
    {"container.mounts", F_CTR_MOUNTS, S, 0, 0, "source:dest:mode:rw:propagation, comma-separated"},
    {"container.mount", F_CTR_MOUNT, S, DD_FA_KEY, 0, "one mount by number or source (glob)"},
    {"container.mount.source", F_CTR_MOUNT_SOURCE, S, DD_FA_KEY, 0,
     "source of a mount by number or destination (glob); N/A when none"},
    {"container.mount.dest", F_CTR_MOUNT_DEST, S, DD_FA_KEY, 0,
     "destination of a mount by number or source (glob); N/A when none"},
    {"container.mount.mode", F_CTR_MOUNT_MODE, S, DD_FA_KEY, 0,
     "mode of a mount by number or source"},
    {"container.mount.rdwr", F_CTR_MOUNT_RDWR, S, DD_FA_KEY, 0,
     "true/false: mount by number or source is writable"},
    {"container.mount.propagation", F_CTR_MOUNT_PROPAGATION, S, DD_FA_KEY, 0,
     "propagation of a mount"},
    {"container.start_ts", F_CTR_START_TS, I, 0, 0, "container start, ns since the epoch"},
    {"container.duration", F_CTR_DURATION, I, 0, 0, "ns since the container started"},
    {"container.healthcheck", F_CTR_HEALTHCHECK, S, 0, 0, "the HEALTHCHECK command"},
    {"container.liveness_probe", F_CTR_LIVENESS, S, 0, 0,
     "Kubernetes liveness probe (none under Docker)"},
    {"container.readiness_probe", F_CTR_READINESS, S, 0, 0,
     "Kubernetes readiness probe (none under Docker)"},
    {"container.ip", F_CTR_IP, S, 0, 0, "container IP address"},
    {"container.user", F_CTR_USER, S, 0, 0, "the image's USER"},
    {"container.host_pid", F_CTR_HOST_PID, B, 0, 0, "runs in the host's pid namespace"},
    {"container.host_network", F_CTR_HOST_NETWORK, B, 0, 0, "runs in the host's network namespace"},
    {"container.host_ipc", F_CTR_HOST_IPC, B, 0, 0, "runs in the host's IPC namespace"},
    {"container.label", F_CTR_LABEL, S, DD_FA_KEY, 0, "a label's value"},
    {"container.labels", F_CTR_LABELS, S, 0, 0, "all labels, JSON"},
    {"container.info", F_CTR_INFO, S, 0, 0, "id, name and image (for outputs)"},
    {"k8s.ns.name", F_K8S_NS_NAME, S, 0, 0,
     "Kubernetes namespace (label io.kubernetes.pod.namespace)"},
    {"k8s.pod.name", F_K8S_POD_NAME, S, 0, 0, "Kubernetes pod (label io.kubernetes.pod.name)"},
    {NULL, 0, 0, 0, 0, NULL},
};
#undef S
#undef I
#undef B

/* Fields Falco has that drydock cannot provide, and why. */
static const struct {
    const char *prefix;
    const char *why;
} unsupported[] = {
    {"fd.sip.name", "not supported: needs the DNS names of traced connections"},
    {"fd.cip.name", "not supported: needs the DNS names of traced connections"},
    {"fd.lip.name", "not supported: needs the DNS names of traced connections"},
    {"fd.rip.name", "not supported: needs the DNS names of traced connections"},
    {"fd.types", "not supported: drydock keeps no per-process fd table"},
    {"fd.dev", "not supported: device numbers are not captured"},
    {"fd.uid", "not supported: drydock keeps no per-process fd table"},
    {"evt.buffer", "not supported: I/O buffers are not captured"},
    {"evt.is_io", "not supported: read/write are not traced"},
    {"evt.latency", "not supported: syscalls are seen at exit only"},
    {"evt.cpu", "not supported: the CPU is not recorded"},
    {"evt.category", "not supported"},
    {"evt.plugininfo", "not supported: plugin events"},
    {"proc.nthreads", "not supported: thread counts are not kept"},
    {"proc.fdopencount", "not supported: drydock keeps no per-process fd table"},
    {"proc.loginshellid", "not supported"},
    {"proc.exe_ino.ctime_duration", "not supported"},
    {"k8s.",
     "not supported: Kubernetes metadata beyond namespace and pod name needs the API server"},
    {"ka.", "not supported: Kubernetes audit events are another source"},
    {"jevt.", "not supported: JSON events are another source"},
    {"aws.", "not supported: CloudTrail events are another source"},
    {"gcp.", "not supported: another source"},
    {"okta.", "not supported: another source"},
    {"github.", "not supported: another source"},
    {"spl.", "not supported: span events"},
    {"mesos.", "not supported: Mesos"},
    {"marathon.", "not supported: Mesos"},
};

const dd_field *dd_fields(void)
{
    return fields;
}

void dd_fieldref_clear(dd_fieldref *r)
{
    free(r->key);
    free(r->text);
    memset(r, 0, sizeof *r);
}

int dd_fieldref_parse(const char *text, size_t len, dd_fieldref *r, const char **why)
{
    memset(r, 0, sizeof *r);
    r->index = -1;
    /* name [ '[' key ']' ] */
    size_t nlen = 0;
    while (nlen < len && text[nlen] != '[')
        nlen++;
    const char *key = NULL;
    size_t klen = 0;
    if (nlen < len) {
        if (text[len - 1] != ']') {
            *why = "unterminated [ in a field name";
            return -1;
        }
        key = text + nlen + 1;
        klen = len - nlen - 2;
    }
    const dd_field *f = NULL;
    const char *dotkey = NULL;
    size_t dotklen = 0;
    for (const dd_field *c = fields; c->name; c++) {
        size_t cl = strlen(c->name);
        if (cl == nlen && memcmp(c->name, text, nlen) == 0) {
            f = c;
            break;
        }
        /* evt.arg.flags: the field is evt.arg, the key follows the dot */
        if (c->arg == DD_FA_ARG && nlen > cl + 1 && memcmp(c->name, text, cl) == 0 &&
            text[cl] == '.') {
            f = c;
            dotkey = text + cl + 1;
            dotklen = nlen - cl - 1;
            break;
        }
    }
    if (!f) {
        for (size_t i = 0; i < DD_ARRAY_LEN(unsupported); i++) {
            size_t pl = strlen(unsupported[i].prefix);
            if (nlen >= pl && memcmp(text, unsupported[i].prefix, pl) == 0) {
                *why = unsupported[i].why;
                return -1;
            }
        }
        *why = "unknown field";
        return -1;
    }
    switch (f->arg) {
    case DD_FA_NONE:
        if (key) {
            *why = "this field takes no [argument]";
            return -1;
        }
        break;
    case DD_FA_INDEX:
    case DD_FA_INDEX_OPT:
        if (!key) {
            if (f->arg == DD_FA_INDEX) {
                *why = "this field needs an [index]";
                return -1;
            }
            break;
        }
        {
            char *end;
            _cleanup_free_ char *k = dd_xstrndup(key, klen);
            long v = strtol(k, &end, 10);
            if (!*k || *end || v < 0 || v > 64) {
                *why = "the [index] must be a number from 0 to 64";
                return -1;
            }
            r->index = (int)v;
        }
        break;
    case DD_FA_KEY:
    case DD_FA_KEY_OPT:
        if (!key && f->arg == DD_FA_KEY) {
            *why = "this field needs an [argument]";
            return -1;
        }
        if (key)
            r->key = dd_xstrndup(key, klen);
        break;
    case DD_FA_ARG:
        if (dotkey && key) {
            *why = "evt.arg takes .NAME or [N], not both";
            return -1;
        }
        if (dotkey) {
            r->key = dd_xstrndup(dotkey, dotklen);
        } else if (key) {
            char *end;
            _cleanup_free_ char *k = dd_xstrndup(key, klen);
            long v = strtol(k, &end, 10);
            if (*k && !*end && v >= 0 && v < DD_SC_MAXARGS)
                r->index = (int)v;
            else
                r->key = steal_pointer(&k);
        } else {
            *why = "evt.arg needs a name (evt.arg.flags) or a position (evt.arg[0])";
            return -1;
        }
        break;
    }
    r->f = f;
    r->text = dd_xstrndup(text, len);
    return 0;
}

/* ---- event types ------------------------------------------------------------------ */

static int nsyscalls(void)
{
    static int n = -1;
    if (n < 0) {
        int c = 0;
        for (const dd_syscall *s = dd_syscalls(); s->name; s++)
            c++;
        n = c;
    }
    return n;
}

enum { XT_PROCEXIT = 0, XT_CLONE, XT_CONTAINER, XT_N };
static const char *const extra_types[] = {"procexit", "clone", "container"};

int dd_evtype_count(void)
{
    return nsyscalls() + XT_N;
}

int dd_evtype_by_name(const char *name)
{
    int i = 0;
    for (const dd_syscall *s = dd_syscalls(); s->name; s++, i++)
        if (strcmp(s->name, name) == 0)
            return i;
    for (int x = 0; x < XT_N; x++)
        if (strcmp(extra_types[x], name) == 0)
            return nsyscalls() + x;
    /* Falco 0.42 calls process exits "procexit"; older rules say so too */
    return dd_syscall_known_other(name) ? -2 : -1;
}

const char *dd_evtype_name(int type)
{
    int n = nsyscalls();
    if (type >= 0 && type < n)
        return dd_syscalls()[type].name;
    if (type >= n && type < n + XT_N)
        return extra_types[type - n];
    return "unknown";
}

int dd_evtype_syscall(int type)
{
    return type >= 0 && type < nsyscalls() ? dd_syscalls()[type].nr : -1;
}

int dd_evtype_exec(void)
{
    static int t = -2;
    if (t == -2)
        t = dd_evtype_by_name("execve");
    return t;
}
int dd_evtype_execveat(void)
{
    static int t = -2;
    if (t == -2)
        t = dd_evtype_by_name("execveat");
    return t;
}
int dd_evtype_procexit(void)
{
    return nsyscalls() + XT_PROCEXIT;
}
int dd_evtype_clone(void)
{
    return nsyscalls() + XT_CLONE;
}
int dd_evtype_container(void)
{
    return nsyscalls() + XT_CONTAINER;
}

/* ---- helpers ------------------------------------------------------------------------ */

char *dd_warena_alloc(dd_warena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    dd_warena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 8192 ? n : 8192;
        dd_warena_block *nb = dd_xmalloc(sizeof *nb + cap);
        nb->used = 0;
        nb->cap = cap;
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

char *dd_warena_strndup(dd_warena *a, const char *s, size_t n)
{
    char *p = dd_warena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void dd_warena_reset(dd_warena *a)
{
    if (!a->head)
        return;
    /* keep the oldest block (the last in the list) */
    dd_warena_block *b = a->head;
    while (b->next) {
        dd_warena_block *n = b->next;
        free(b);
        b = n;
    }
    b->used = 0;
    a->head = b;
}

void dd_warena_free(dd_warena *a)
{
    dd_warena_block *b = a->head;
    while (b) {
        dd_warena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

const char *dd_path_normalize(dd_warena *a, const char *base, const char *path)
{
    size_t bl = base && path[0] != '/' ? strlen(base) : 0;
    size_t pl = strlen(path);
    char *out = dd_warena_alloc(a, bl + pl + 3);
    size_t o = 0;
    /* components are copied one by one; "." is dropped, ".." removes the last one */
    const char *parts[2] = {bl ? base : NULL, path};
    out[o++] = '/';
    for (int k = 0; k < 2; k++) {
        const char *p = parts[k];
        if (!p)
            continue;
        while (*p) {
            while (*p == '/')
                p++;
            if (!*p)
                break;
            const char *c = p;
            while (*p && *p != '/')
                p++;
            size_t cl = p - c;
            if (cl == 1 && c[0] == '.')
                continue;
            if (cl == 2 && c[0] == '.' && c[1] == '.') {
                if (o > 1) {
                    o--;
                    while (o > 1 && out[o - 1] != '/')
                        o--;
                    if (o > 1)
                        o--; /* the slash before it */
                }
                continue;
            }
            if (o > 1)
                out[o++] = '/';
            memcpy(out + o, c, cl);
            o += cl;
        }
    }
    out[o] = 0;
    if (path[0] != '/' && !bl) {
        /* relative without a base: keep it as given */
        return path;
    }
    return out;
}

static void set_str(dd_val *v, const char *s)
{
    v->t = DD_V_STR;
    v->s = s;
    v->n = strlen(s);
}
static void set_strn(dd_val *v, const char *s, size_t n)
{
    v->t = DD_V_STR;
    v->s = s;
    v->n = n;
}
static void set_int(dd_val *v, int64_t i)
{
    v->t = DD_V_INT;
    v->i = i;
}
static void set_bool(dd_val *v, bool b)
{
    v->t = DD_V_BOOL;
    v->i = b;
}
static bool set_ip(dd_val *v, const uint8_t *addr, uint16_t family)
{
    if (family == AF_INET) {
        memcpy(v->ip, addr, 4);
        v->iplen = 4;
    } else if (family == AF_INET6) {
        memcpy(v->ip, addr, 16);
        v->iplen = 16;
    } else {
        return false;
    }
    v->t = DD_V_IP;
    return true;
}

static const char *proc_cmdline(const dd_wevent *ev, const dd_proc *p)
{
    if (!p->args || !*p->args)
        return p->comm;
    size_t cl = strlen(p->comm), al = strlen(p->args);
    char *s = dd_warena_alloc(ev->arena, cl + al + 2);
    memcpy(s, p->comm, cl);
    s[cl] = ' ';
    memcpy(s + cl + 1, p->args, al + 1);
    return s;
}

static const dd_proc *lookup(const dd_wevent *ev, uint32_t pid)
{
    if (!pid || !ev->ctx || !ev->ctx->proc)
        return NULL;
    return ev->ctx->proc(ev->ctx->ud, pid);
}

/* The Nth ancestor (1: the parent). */
static const dd_proc *ancestor(const dd_wevent *ev, int n)
{
    const dd_proc *p = ev->proc;
    for (int i = 0; i < n && p; i++) {
        const dd_proc *q = lookup(ev, p->ppid);
        if (q == p)
            return NULL;
        p = q;
    }
    return p;
}

/* The path in string slot `slot` (0/1), resolved against its base and normalised. */
static const char *ev_path(const dd_wevent *ev, int slot)
{
    dd_wevent *m = (dd_wevent *)ev; /* the cache is part of the event's mutable state */
    if (m->path_done[slot])
        return m->path[slot];
    m->path_done[slot] = true;
    const char *raw = ev->str[slot];
    if (!raw) {
        m->path[slot] = NULL;
        return NULL;
    }
    const char *base = ev->str[DD_STR_BASE0 + slot];
    if (!*raw && base) /* AT_EMPTY_PATH: the dirfd itself */
        m->path[slot] = dd_path_normalize(ev->arena, NULL, base);
    else
        m->path[slot] = dd_path_normalize(ev->arena, base, raw);
    return m->path[slot];
}

static bool is_sock_event(const dd_wevent *ev)
{
    return ev->kind == DD_WEV_SYSCALL && ev->fd && ev->fd->kind == DD_FD_SOCK;
}

/* Client/server ends of the described socket. */
typedef struct ends {
    uint16_t family;
    const uint8_t *cip, *sip, *lip, *rip;
    uint16_t cport, sport, lport, rport;
    bool server;
} ends;

/* A socket described without its history (dup2 of an accepted or a connected one): the
 * end with the ephemeral port is the client; when neither or both are, the lower port
 * is the service. (Linux picks ephemeral ports from 32768 up by default.) */
static bool server_side(uint16_t lport, uint16_t rport)
{
    bool le = lport >= 32768, re = rport >= 32768;
    if (le != re)
        return re;
    return lport < rport;
}

static bool sock_ends(const dd_wevent *ev, ends *e)
{
    memset(e, 0, sizeof *e);
    if (!ev->sc)
        return false;
    const struct dd_ev_fd *fd = ev->fd;
    const struct dd_ev_sa *sa = ev->sa && ev->sa->family ? ev->sa : NULL;
    bool have_fd =
        fd && fd->kind == DD_FD_SOCK && (fd->family == AF_INET || fd->family == AF_INET6);
    if (!have_fd && !(sa && (sa->family == AF_INET || sa->family == AF_INET6)))
        return false;
    e->family = have_fd ? fd->family : sa->family;
    e->lip = have_fd ? fd->laddr : NULL;
    e->lport = have_fd ? fd->lport : 0;
    e->rip = have_fd ? fd->raddr : NULL;
    e->rport = have_fd ? fd->rport : 0;
    const char *n = ev->sc->name;
    if (strcmp(n, "connect") == 0 || strcmp(n, "sendto") == 0) {
        if (sa && (sa->family == AF_INET || sa->family == AF_INET6)) {
            e->rip = sa->addr;
            e->rport = sa->port;
            e->family = sa->family;
        }
        e->cip = e->lip, e->cport = e->lport, e->sip = e->rip, e->sport = e->rport;
    } else if (strcmp(n, "bind") == 0) {
        if (sa && (sa->family == AF_INET || sa->family == AF_INET6)) {
            e->lip = sa->addr;
            e->lport = sa->port;
            e->family = sa->family;
        }
        e->server = true;
        e->sip = e->lip, e->sport = e->lport;
    } else if (strncmp(n, "accept", 6) == 0 || strcmp(n, "listen") == 0 ||
               (have_fd && (!fd->rport || server_side(fd->lport, fd->rport)))) {
        e->server = true;
        e->sip = e->lip, e->sport = e->lport, e->cip = e->rip, e->cport = e->rport;
    } else {
        e->cip = e->lip, e->cport = e->lport, e->sip = e->rip, e->sport = e->rport;
    }
    return e->lip || e->rip;
}

static void fmt_ip(dd_buf *b, const uint8_t *ip, uint16_t family)
{
    char s[INET6_ADDRSTRLEN] = "";
    inet_ntop(family, ip, s, sizeof s);
    dd_buf_puts(b, s);
}

/* fd.name of the event, or NULL. */
static const char *fd_name(const dd_wevent *ev)
{
    if (ev->kind != DD_WEV_SYSCALL || !ev->sc)
        return NULL;
    if (ev->sc->flags & DD_SC_OPEN)
        return ev_path(ev, 0);
    if (strcmp(ev->sc->name, "memfd_create") == 0 && ev->str[0]) {
        dd_buf b = DD_BUF_INIT;
        dd_buf_printf(&b, "memfd:%s", ev->str[0]);
        const char *r = dd_warena_strndup(ev->arena, b.data, b.len);
        dd_buf_free(&b);
        return r;
    }
    ends e;
    if (sock_ends(ev, &e)) {
        dd_buf b = DD_BUF_INIT;
        bool v6 = e.family == AF_INET6;
        static const uint8_t zero[16];
        if (v6)
            dd_buf_putc(&b, '[');
        fmt_ip(&b, e.cip ? e.cip : zero, e.family);
        dd_buf_printf(&b, v6 ? "]:%u->[" : ":%u->", e.cport);
        fmt_ip(&b, e.sip ? e.sip : zero, e.family);
        dd_buf_printf(&b, v6 ? "]:%u" : ":%u", e.sport);
        const char *r = dd_warena_strndup(ev->arena, b.data, b.len);
        dd_buf_free(&b);
        return r;
    }
    /* a unix socket's path comes from the sockaddr argument or the fd */
    if (ev->sa && ev->sa->family == AF_UNIX && ev->str[DD_STR_SA])
        return ev->str[DD_STR_SA];
    if (ev->str[DD_STR_FDPATH])
        return ev->str[DD_STR_FDPATH];
    return NULL;
}

static const char *fd_nameraw(const dd_wevent *ev)
{
    if (ev->kind == DD_WEV_SYSCALL && ev->sc && (ev->sc->flags & DD_SC_OPEN))
        return ev->str[0];
    return fd_name(ev);
}

/* The flags of an open (creat's are implied). */
static uint64_t open_flags(const dd_wevent *ev)
{
    if (ev->sc->flags & DD_SC_CREAT)
        return O_WRONLY | O_CREAT | O_TRUNC;
    for (int i = 0; i < DD_SC_MAXARGS && ev->sc->args[i].name; i++)
        if (ev->sc->args[i].kind == DD_K_OFLAGS)
            return ev->args[ev->sc->args[i].src];
    return 0;
}

/* typechar, type name */
static bool fd_kind(const dd_wevent *ev, char *c, const char **name)
{
    if (ev->kind != DD_WEV_SYSCALL || !ev->sc)
        return false;
    uint16_t family = 0;
    int kind = ev->fd ? ev->fd->kind : DD_FD_NONE;
    if (ev->sc->flags & DD_SC_OPEN) {
        /* the opened file when the kernel described it, else the flags the process gave */
        if (kind == DD_FD_DIR ||
            (!ev->fd || kind == DD_FD_NONE ? open_flags(ev) & O_DIRECTORY : 0)) {
            *c = 'd', *name = "directory";
        } else {
            *c = 'f', *name = "file";
        }
        return true;
    }
    if (strcmp(ev->sc->name, "memfd_create") == 0) {
        *c = 'm', *name = "memfd";
        return true;
    }
    if (strcmp(ev->sc->name, "socket") == 0)
        family = (uint16_t)ev->args[0];
    else if (kind == DD_FD_SOCK)
        family = ev->fd->family;
    else if (ev->sa && ev->sa->family)
        family = ev->sa->family;
    if (family) {
        switch (family) {
        case AF_INET:
            *c = '4', *name = "ipv4";
            return true;
        case AF_INET6:
            *c = '6', *name = "ipv6";
            return true;
        case AF_UNIX:
            *c = 'u', *name = "unix";
            return true;
        case AF_NETLINK:
            *c = 'n', *name = "netlink";
            return true;
        default:
            *c = 'r', *name = "raw";
            return true;
        }
    }
    switch (kind) {
    case DD_FD_FILE:
    case DD_FD_OTHER:
        *c = 'f', *name = "file";
        return true;
    case DD_FD_DIR:
        *c = 'd', *name = "directory";
        return true;
    case DD_FD_PIPE:
        *c = 'p', *name = "pipe";
        return true;
    default:
        return false;
    }
}

static const dd_sc_arg *find_arg(const dd_wevent *ev, const dd_fieldref *r)
{
    if (!ev->sc)
        return NULL;
    for (int i = 0; i < DD_SC_MAXARGS && ev->sc->args[i].name; i++) {
        if (r->key ? strcmp(ev->sc->args[i].name, r->key) == 0 : i == r->index)
            return &ev->sc->args[i];
    }
    return NULL;
}

/* argv block (NUL-separated) → "a b c" */
static const char *join_argv(const dd_wevent *ev, const char *blk, size_t n)
{
    char *s = dd_warena_strndup(ev->arena, blk, n);
    while (n > 0 && s[n - 1] == 0)
        n--;
    for (size_t i = 0; i < n; i++)
        if (s[i] == 0)
            s[i] = ' ';
    s[n] = 0;
    return s;
}

static bool arg_value(const dd_wevent *ev, const dd_sc_arg *a, bool raw, dd_val *out, dd_buf *tmp)
{
    int64_t v;
    switch (a->src) {
    case DD_SRC_RET:
        v = ev->ret;
        break;
    case DD_SRC_STR0:
    case DD_SRC_STR1: {
        int slot = a->src - DD_SRC_STR0;
        const char *s = ev->str[slot];
        if (!s)
            return false;
        if (!raw && a->kind == DD_K_PATH) {
            const char *p = ev_path(ev, slot);
            if (p)
                s = p;
        }
        set_str(out, s);
        return true;
    }
    case DD_SRC_ARGV:
        if (!ev->str[DD_STR_ARGV])
            return false;
        set_str(out, join_argv(ev, ev->str[DD_STR_ARGV], ev->slen[DD_STR_ARGV]));
        return true;
    case DD_SRC_SA: {
        if (!ev->sa || !ev->sa->family)
            return false;
        if (ev->sa->family == AF_UNIX) {
            if (!ev->str[DD_STR_SA])
                return false;
            set_str(out, ev->str[DD_STR_SA]);
            return true;
        }
        const char *n = fd_name(ev);
        if (!n)
            return false;
        set_str(out, n);
        return true;
    }
    case DD_SRC_FD: {
        if (!ev->fd || ev->fd->num < 0)
            return false;
        if (raw) {
            set_int(out, ev->fd->num);
            return true;
        }
        char c;
        const char *tn;
        const char *n = fd_name(ev);
        dd_buf_reset(tmp);
        dd_buf_printf(tmp, "%d", ev->fd->num);
        if (fd_kind(ev, &c, &tn))
            dd_buf_printf(tmp, "(<%c>%s)", c, n ? n : "");
        set_str(out, dd_warena_strndup(ev->arena, tmp->data, tmp->len));
        return true;
    }
    default:
        if (a->src > 5)
            return false;
        v = (int64_t)ev->args[a->src];
        break;
    }
    if (raw || a->kind == DD_K_INT) {
        if (a->kind == DD_K_FD || a->kind == DD_K_INT)
            v = (int32_t)v;
        set_int(out, v);
        return true;
    }
    dd_buf_reset(tmp);
    dd_render_kind(tmp, a->kind, a->kind == DD_K_RES ? v : (a->kind == DD_K_FD ? (int32_t)v : v));
    set_str(out, dd_warena_strndup(ev->arena, tmp->data, tmp->len));
    return true;
}

static void exe_flags(dd_buf *b, const dd_proc *p, bool upper, bool writable)
{
    bool first = true;
#define FLAG(cond, name)                                                                           \
    if (cond) {                                                                                    \
        if (!first)                                                                                \
            dd_buf_putc(b, '|');                                                                   \
        dd_buf_puts(b, name);                                                                      \
        first = false;                                                                             \
    }
    FLAG(writable, "EXE_WRITABLE");
    FLAG(upper, "EXE_UPPER_LAYER");
    FLAG(p->exe_flags & DD_EXE_MEMFD, "EXE_FROM_MEMFD");
    FLAG(!upper && !(p->exe_flags & DD_EXE_MEMFD), "EXE_LOWER_LAYER");
#undef FLAG
}

/* When the container started: its first process (pid 1 in its namespace, an ancestor or
 * the process itself) is there before anything the workload writes, and after the image
 * was copied or mounted; the daemon's StartedAt comes later and may arrive late. */
static int64_t container_start(const dd_wevent *ev, const dd_proc *p)
{
    const dd_proc *a = p;
    for (int i = 0; a && i < 64; i++) {
        if (a->vpid == 1 && a->cgroup_id == p->cgroup_id && a->start_real > 0)
            return a->start_real;
        const dd_proc *up = lookup(ev, a->ppid);
        a = up == a ? NULL : up;
    }
    return ev->ctr ? ev->ctr->start_real : 0;
}

static bool exe_upper(const dd_wevent *ev, const dd_proc *p)
{
    if (p->exe_flags & DD_EXE_UPPER_LAYER)
        return true;
    if ((p->exe_flags & DD_EXE_MEMFD) || !ev->ctr)
        return false;
    /* Without overlayfs (vfs, btrfs, zfs...) there is no upper layer to ask: a file whose
     * inode changed after its container started was written (or chmod'ed) in it. */
    int64_t start = container_start(ev, p);
    return start > 0 && p->exe_ctime > start;
}

static bool exe_writable(const dd_wevent *ev, const dd_proc *p)
{
    uint32_t uid = ev->task->euid;
    if (uid == 0)
        return true;
    if (p->exe_uid == uid)
        return p->exe_mode & S_IWUSR;
    if (p->exe_gid == ev->task->egid)
        return p->exe_mode & S_IWGRP;
    return p->exe_mode & S_IWOTH;
}

/* Exec events have Falco's execve exit parameters. */
static bool exec_arg(const dd_wevent *ev, const dd_fieldref *r, bool raw, dd_val *out, dd_buf *tmp)
{
    const dd_proc *p = ev->proc;
    static const char *const names[] = {"res",           "exe",
                                        "args",          "tid",
                                        "pid",           "ptid",
                                        "cwd",           "tty",
                                        "pgid",          "loginuid",
                                        "flags",         "uid",
                                        "gid",           "comm",
                                        "env",           "trusted_exepath",
                                        "exe_ino",       "exe_ino_ctime",
                                        "exe_ino_mtime", "cap_effective",
                                        "cap_permitted", "cap_inheritable",
                                        "filename"};
    const char *key = r->key;
    if (!key) {
        if (r->index < 0 || (size_t)r->index >= DD_ARRAY_LEN(names))
            return false;
        key = names[r->index];
    }
    if (!strcmp(key, "res"))
        return raw ? (set_int(out, 0), true) : (set_str(out, "SUCCESS"), true);
    if (!strcmp(key, "exe") || !strcmp(key, "filename")) {
        if (!p->exe)
            return false;
        set_str(out, p->exe);
        return true;
    }
    if (!strcmp(key, "args")) {
        set_str(out, p->args ? p->args : "");
        return true;
    }
    if (!strcmp(key, "tid"))
        return set_int(out, ev->task->tid), true;
    if (!strcmp(key, "pid"))
        return set_int(out, ev->task->pid), true;
    if (!strcmp(key, "ptid"))
        return set_int(out, ev->task->ppid), true;
    if (!strcmp(key, "cwd"))
        return p->cwd ? (set_str(out, p->cwd), true) : false;
    if (!strcmp(key, "tty"))
        return set_int(out, ev->task->tty), true;
    if (!strcmp(key, "pgid"))
        return set_int(out, p->pgid), true;
    if (!strcmp(key, "loginuid"))
        return set_int(out, (int32_t)ev->task->loginuid), true;
    if (!strcmp(key, "uid"))
        return set_int(out, ev->task->euid), true;
    if (!strcmp(key, "gid"))
        return set_int(out, ev->task->egid), true;
    if (!strcmp(key, "comm"))
        return set_str(out, p->comm), true;
    if (!strcmp(key, "trusted_exepath"))
        return p->exepath ? (set_str(out, p->exepath), true) : false;
    if (!strcmp(key, "exe_ino"))
        return set_int(out, (int64_t)p->exe_ino), true;
    if (!strcmp(key, "exe_ino_ctime"))
        return set_int(out, p->exe_ctime), true;
    if (!strcmp(key, "exe_ino_mtime"))
        return set_int(out, p->exe_mtime), true;
    if (!strcmp(key, "env")) {
        if (!p->env)
            return false;
        set_str(out, join_argv(ev, p->env, p->env_len));
        return true;
    }
    uint64_t caps;
    if (!strcmp(key, "cap_effective"))
        caps = ev->task->cap_eff;
    else if (!strcmp(key, "cap_permitted"))
        caps = ev->task->cap_prm;
    else if (!strcmp(key, "cap_inheritable"))
        caps = ev->task->cap_inh;
    else if (!strcmp(key, "flags")) {
        dd_buf_reset(tmp);
        exe_flags(tmp, p, exe_upper(ev, p), exe_writable(ev, p));
        set_str(out, dd_warena_strndup(ev->arena, tmp->data, tmp->len));
        return true;
    } else
        return false;
    if (raw)
        return set_int(out, (int64_t)caps), true;
    dd_buf_reset(tmp);
    dd_render_caps(tmp, caps);
    set_str(out, dd_warena_strndup(ev->arena, tmp->data, tmp->len));
    return true;
}

static const dd_mount *mount_by(const dd_container *c, const char *key, bool by_dest)
{
    char *end;
    long idx = strtol(key, &end, 10);
    if (*key && !*end)
        return idx >= 0 && (size_t)idx < c->nmounts ? &c->mounts[idx] : NULL;
    for (size_t i = 0; i < c->nmounts; i++) {
        const char *s = by_dest ? c->mounts[i].dest : c->mounts[i].source;
        if (s && fnmatch(key, s, 0) == 0)
            return &c->mounts[i];
    }
    return NULL;
}

static const char *env_get(const dd_proc *p, const char *name)
{
    if (!p->env)
        return NULL;
    size_t nl = strlen(name);
    const char *s = p->env, *end = p->env + p->env_len;
    while (s < end) {
        size_t l = strnlen(s, end - s);
        if (l > nl && memcmp(s, name, nl) == 0 && s[nl] == '=')
            return s + nl + 1;
        s += l + 1;
    }
    return NULL;
}

static const char *time_str(const dd_wevent *ev, int style)
{
    time_t sec = ev->ts / 1000000000;
    long ns = ev->ts % 1000000000;
    struct tm tm;
    char b[64];
    if (style == 2) {
        gmtime_r(&sec, &tm);
        size_t n = strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(b + n, sizeof b - n, ".%09ldZ", ns);
    } else {
        localtime_r(&sec, &tm);
        size_t n = strftime(b, sizeof b, style == 3 ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
        if (style != 1)
            snprintf(b + n, sizeof b - n, ".%09ld", ns);
    }
    return dd_warena_strndup(ev->arena, b, strlen(b));
}

static bool ip_from(dd_val *out, const uint8_t *ip, uint16_t family)
{
    return ip && set_ip(out, ip, family);
}

bool dd_field_get(const dd_wevent *ev, const dd_fieldref *r, int idx, dd_val *out)
{
    memset(out, 0, sizeof *out);
    const dd_proc *p = ev->proc;
    const dd_container *c = ev->ctr;
    const struct dd_ev_task *t = ev->task;
    dd_buf tmp = DD_BUF_INIT;
    bool ok = true;
    int id = r->f->id;
    /* single-valued fields have one value, at idx 0 */
    if (idx > 0 && !(r->f->flags & DD_FF_MULTI))
        return false;
    if (id >= F_PROC_PID && id <= F_PROC_IS_READINESS && !p)
        return false;
    switch (id) {
    case F_EVT_TYPE:
        set_str(out, dd_evtype_name(ev->type));
        break;
    case F_EVT_DIR:
        set_str(out, "<");
        break;
    case F_EVT_NUM:
        set_int(out, (int64_t)ev->num);
        break;
    case F_EVT_TIME:
        set_str(out, time_str(ev, 0));
        break;
    case F_EVT_TIME_S:
        set_str(out, time_str(ev, 1));
        break;
    case F_EVT_TIME_ISO:
        set_str(out, time_str(ev, 2));
        break;
    case F_EVT_DATETIME:
        set_str(out, time_str(ev, 3));
        break;
    case F_EVT_RAWTIME:
        set_int(out, ev->ts);
        break;
    case F_EVT_RAWTIME_S:
        set_int(out, ev->ts / 1000000000);
        break;
    case F_EVT_RAWTIME_NS:
        set_int(out, ev->ts % 1000000000);
        break;
    case F_EVT_RES:
        if (ev->kind == DD_WEV_CONTAINER || ev->kind == DD_WEV_PROCEXIT)
            return false;
        dd_render_kind(&tmp, DD_K_RES, ev->ret);
        set_str(out, dd_warena_strndup(ev->arena, tmp.data, tmp.len));
        break;
    case F_EVT_RAWRES:
        if (ev->kind == DD_WEV_CONTAINER || ev->kind == DD_WEV_PROCEXIT)
            return false;
        set_int(out, ev->ret);
        break;
    case F_EVT_FAILED:
        set_bool(out, ev->ret < 0);
        break;
    case F_EVT_IS_OPEN_READ:
    case F_EVT_IS_OPEN_WRITE:
    case F_EVT_IS_OPEN_EXEC:
    case F_EVT_IS_OPEN_CREATE: {
        if (ev->kind != DD_WEV_SYSCALL || !ev->sc || !(ev->sc->flags & DD_SC_OPEN)) {
            set_bool(out, false);
            break;
        }
        uint64_t fl = open_flags(ev);
        int acc = fl & O_ACCMODE;
        uint32_t fmode = ev->fd ? ev->fd->fmode : 0;
        if (id == F_EVT_IS_OPEN_READ)
            set_bool(out, acc == O_RDONLY || acc == O_RDWR);
        else if (id == F_EVT_IS_OPEN_WRITE)
            set_bool(out, acc == O_WRONLY || acc == O_RDWR);
        else if (id == F_EVT_IS_OPEN_EXEC)
            set_bool(out, (fmode & FMODE_EXEC) != 0);
        else
            set_bool(out, (fl & O_CREAT) && (fmode & FMODE_CREATED));
        break;
    }
    case F_EVT_ARG:
    case F_EVT_RAWARG: {
        bool raw = id == F_EVT_RAWARG;
        if (ev->kind == DD_WEV_EXEC) {
            ok = exec_arg(ev, r, raw, out, &tmp);
            break;
        }
        const dd_sc_arg *a = ev->kind == DD_WEV_SYSCALL ? find_arg(ev, r) : NULL;
        ok = a && arg_value(ev, a, raw, out, &tmp);
        break;
    }
    case F_EVT_ARGS:
    case F_EVT_INFO: {
        if (ev->kind == DD_WEV_EXEC) {
            dd_buf_printf(&tmp, "res=0 exe=%s args=%s", p && p->exe ? p->exe : "",
                          p && p->args ? p->args : "");
        } else if (ev->kind == DD_WEV_SYSCALL && ev->sc) {
            dd_buf one = DD_BUF_INIT;
            for (int i = 0; i < DD_SC_MAXARGS && ev->sc->args[i].name; i++) {
                dd_val v;
                if (!arg_value(ev, &ev->sc->args[i], false, &v, &one))
                    continue;
                if (tmp.len)
                    dd_buf_putc(&tmp, ' ');
                dd_buf_printf(&tmp, "%s=", ev->sc->args[i].name);
                if (v.t == DD_V_STR)
                    dd_buf_append(&tmp, v.s, v.n);
                else
                    dd_buf_printf(&tmp, "%lld", (long long)v.i);
            }
            dd_buf_free(&one);
        } else {
            ok = false;
            break;
        }
        set_str(out, dd_warena_strndup(ev->arena, tmp.data ? tmp.data : "", tmp.len));
        break;
    }
    case F_EVT_HOSTNAME:
        ok = ev->ctx && ev->ctx->hostname;
        if (ok)
            set_str(out, ev->ctx->hostname);
        break;
    case F_EVT_SOURCE:
        set_str(out, "syscall");
        break;
    case F_PROC_PID:
        set_int(out, p->pid);
        break;
    case F_PROC_PPID:
        set_int(out, p->ppid);
        break;
    case F_PROC_VPID:
        set_int(out, p->vpid);
        break;
    case F_PROC_PVPID: {
        const dd_proc *pp = lookup(ev, p->ppid);
        ok = pp != NULL;
        if (ok)
            set_int(out, pp->vpid);
        break;
    }
    case F_PROC_NAME:
        set_str(out, p->comm);
        break;
    case F_PROC_EXE:
        ok = p->exe != NULL;
        if (ok)
            set_str(out, p->exe);
        break;
    case F_PROC_EXEPATH:
        ok = p->exepath != NULL;
        if (ok)
            set_str(out, p->exepath);
        break;
    case F_PROC_ARGS:
        set_str(out, p->args ? p->args : "");
        break;
    case F_PROC_CMDLINE:
        set_str(out, proc_cmdline(ev, p));
        break;
    case F_PROC_EXELINE:
        dd_buf_printf(&tmp, "%s%s%s", p->exe ? p->exe : p->comm, p->args && *p->args ? " " : "",
                      p->args ? p->args : "");
        set_str(out, dd_warena_strndup(ev->arena, tmp.data, tmp.len));
        break;
    case F_PROC_CMDNARGS: {
        int64_t n = 0;
        for (const char *s = p->args; s && *s; s++)
            if (*s != ' ' && (s == p->args || s[-1] == ' '))
                n++;
        set_int(out, n);
        break;
    }
    case F_PROC_CMDLENARGS:
        set_int(out, p->args ? (int64_t)strlen(p->args) : 0);
        break;
    case F_PROC_PNAME:
    case F_PROC_PEXE:
    case F_PROC_PEXEPATH:
    case F_PROC_PCMDLINE: {
        const dd_proc *pp = lookup(ev, p->ppid);
        if (!pp) {
            /* the parent is gone; its name is still known from our exec */
            ok = id == F_PROC_PNAME && p->pcomm[0];
            if (ok)
                set_str(out, p->pcomm);
            break;
        }
        if (id == F_PROC_PNAME)
            set_str(out, pp->comm);
        else if (id == F_PROC_PEXE)
            ok = pp->exe && (set_str(out, pp->exe), true);
        else if (id == F_PROC_PEXEPATH)
            ok = pp->exepath && (set_str(out, pp->exepath), true);
        else
            set_str(out, proc_cmdline(ev, pp));
        break;
    }
    case F_PROC_ANAME:
    case F_PROC_AEXE:
    case F_PROC_AEXEPATH:
    case F_PROC_APID:
    case F_PROC_ACMDLINE: {
        /* with [N]: that ancestor (0 is the process itself); without: ancestor idx+1 */
        int n = r->index >= 0 ? r->index : idx + 1;
        if (r->index >= 0 && idx > 0) {
            ok = false;
            break;
        }
        const dd_proc *a = ancestor(ev, n);
        if (!a) {
            ok = n == 1 && id == F_PROC_ANAME && p->pcomm[0];
            if (ok)
                set_str(out, p->pcomm);
            break;
        }
        if (id == F_PROC_ANAME)
            set_str(out, a->comm);
        else if (id == F_PROC_AEXE)
            ok = a->exe && (set_str(out, a->exe), true);
        else if (id == F_PROC_AEXEPATH)
            ok = a->exepath && (set_str(out, a->exepath), true);
        else if (id == F_PROC_APID)
            set_int(out, a->pid);
        else
            set_str(out, proc_cmdline(ev, a));
        break;
    }
    case F_PROC_CWD:
        ok = p->cwd != NULL;
        if (ok)
            set_str(out, p->cwd);
        break;
    case F_PROC_TTY:
        set_int(out, t->tty);
        break;
    case F_PROC_SID:
        set_int(out, p->sid);
        break;
    case F_PROC_SNAME:
    case F_PROC_SID_EXE:
    case F_PROC_SID_EXEPATH:
    case F_PROC_VPGID_NAME:
    case F_PROC_VPGID_EXE:
    case F_PROC_VPGID_EXEPATH: {
        bool sid = id == F_PROC_SNAME || id == F_PROC_SID_EXE || id == F_PROC_SID_EXEPATH;
        uint32_t lp = sid ? p->sid : p->pgid;
        const dd_proc *l = lp == p->pid ? p : lookup(ev, lp);
        if (!l) {
            ok = false;
            break;
        }
        if (id == F_PROC_SNAME || id == F_PROC_VPGID_NAME)
            set_str(out, l->comm);
        else if (id == F_PROC_SID_EXE || id == F_PROC_VPGID_EXE)
            ok = l->exe && (set_str(out, l->exe), true);
        else
            ok = l->exepath && (set_str(out, l->exepath), true);
        break;
    }
    case F_PROC_VPGID:
        set_int(out, p->vpgid);
        break;
    case F_PROC_IS_VPGID_LEADER:
        set_bool(out, p->pgid == p->pid);
        break;
    case F_PROC_IS_SID_LEADER:
        set_bool(out, p->sid == p->pid);
        break;
    case F_PROC_DURATION:
        ok = p->start_real > 0;
        if (ok)
            set_int(out, ev->ts - p->start_real);
        break;
    case F_PROC_PPID_DURATION: {
        const dd_proc *pp = lookup(ev, p->ppid);
        ok = pp && pp->start_real > 0;
        if (ok)
            set_int(out, ev->ts - pp->start_real);
        break;
    }
    case F_PROC_IS_EXE_UPPER:
        set_bool(out, exe_upper(ev, p));
        break;
    case F_PROC_IS_EXE_MEMFD:
        set_bool(out, (p->exe_flags & DD_EXE_MEMFD) != 0);
        break;
    case F_PROC_IS_EXE_WRITABLE:
        set_bool(out, exe_writable(ev, p));
        break;
    case F_PROC_EXE_INO:
        ok = p->exe_ino != 0;
        set_int(out, (int64_t)p->exe_ino);
        break;
    case F_PROC_EXE_INO_CTIME:
        ok = p->exe_ino != 0;
        set_int(out, p->exe_ctime);
        break;
    case F_PROC_EXE_INO_MTIME:
        ok = p->exe_ino != 0;
        set_int(out, p->exe_mtime);
        break;
    case F_PROC_EXE_INO_CTIME_DUR_START:
        ok = p->exe_ino != 0 && p->start_real > 0;
        set_int(out, p->start_real - p->exe_ctime);
        break;
    case F_PROC_EXE_INO_CTIME_DUR_PIDNS:
        ok = p->exe_ino != 0 && c && c->start_real > 0;
        if (ok)
            set_int(out, p->exe_ctime - c->start_real);
        break;
    case F_PROC_ENV:
        if (!p->env) {
            ok = false;
        } else if (r->key) {
            const char *v = env_get(p, r->key);
            ok = v != NULL;
            if (ok)
                set_str(out, v);
        } else {
            set_str(out, join_argv(ev, p->env, p->env_len));
        }
        break;
    case F_PROC_IS_HEALTHCHECK: {
        /* Docker runs a HEALTHCHECK as an exec of exactly its command line */
        bool hc = false;
        if (c && c->healthcheck) {
            bool has_args = p->args && *p->args;
            dd_buf_printf(&tmp, "%s%s%s", p->exe ? p->exe : p->comm, has_args ? " " : "",
                          has_args ? p->args : "");
            hc = strcmp(tmp.data, c->healthcheck) == 0 ||
                 strcmp(proc_cmdline(ev, p), c->healthcheck) == 0;
        }
        set_bool(out, hc);
        break;
    }
    case F_PROC_IS_LIVENESS:
    case F_PROC_IS_READINESS:
        set_bool(out, false);
        break;
    case F_THREAD_TID:
        set_int(out, t->tid);
        break;
    case F_THREAD_VTID:
        set_int(out, t->vtid);
        break;
    case F_THREAD_CAP_EFF:
    case F_THREAD_CAP_PRM:
    case F_THREAD_CAP_INH:
        dd_render_caps(&tmp, id == F_THREAD_CAP_EFF   ? t->cap_eff
                             : id == F_THREAD_CAP_PRM ? t->cap_prm
                                                      : t->cap_inh);
        set_str(out, dd_warena_strndup(ev->arena, tmp.data ? tmp.data : "", tmp.len));
        break;
    case F_THREAD_ISMAIN:
        set_bool(out, t->tid == t->pid);
        break;
    case F_USER_UID:
        set_int(out, t->euid);
        break;
    case F_GROUP_GID:
        set_int(out, t->egid);
        break;
    case F_USER_LOGINUID:
        set_int(out, (int32_t)t->loginuid);
        break;
    case F_USER_NAME:
    case F_USER_LOGINNAME:
    case F_USER_HOMEDIR:
    case F_USER_SHELL:
    case F_GROUP_NAME: {
        const char *s = NULL;
        if (ev->ctx) {
            if (id == F_USER_NAME && ev->ctx->user_name)
                s = ev->ctx->user_name(ev->ctx->ud, ev, t->euid);
            else if (id == F_USER_LOGINNAME && ev->ctx->user_name && t->loginuid != (uint32_t)-1)
                s = ev->ctx->user_name(ev->ctx->ud, ev, t->loginuid);
            else if (id == F_USER_HOMEDIR && ev->ctx->user_home)
                s = ev->ctx->user_home(ev->ctx->ud, ev, t->euid);
            else if (id == F_USER_SHELL && ev->ctx->user_shell)
                s = ev->ctx->user_shell(ev->ctx->ud, ev, t->euid);
            else if (id == F_GROUP_NAME && ev->ctx->group_name)
                s = ev->ctx->group_name(ev->ctx->ud, ev, t->egid);
        }
        ok = s != NULL;
        if (ok)
            set_str(out, s);
        break;
    }
    case F_FD_NUM:
        if (ev->kind != DD_WEV_SYSCALL || !ev->sc) {
            ok = false;
        } else if (ev->sc->flags & DD_SC_FDRET) {
            set_int(out, ev->ret < 0 ? -1 : ev->ret);
        } else {
            ok = ev->fd && ev->fd->num >= 0;
            if (ok)
                set_int(out, ev->fd->num);
        }
        break;
    case F_FD_TYPE:
    case F_FD_TYPECHAR: {
        char ch;
        const char *tn;
        ok = fd_kind(ev, &ch, &tn);
        if (ok && id == F_FD_TYPE) {
            set_str(out, tn);
        } else if (ok) {
            char *s = dd_warena_alloc(ev->arena, 2);
            s[0] = ch;
            s[1] = 0;
            set_strn(out, s, 1);
        }
        break;
    }
    case F_FD_NAME:
    case F_FD_NAMERAW:
    case F_FD_DIRECTORY:
    case F_FD_FILENAME: {
        const char *n = id == F_FD_NAMERAW ? fd_nameraw(ev) : fd_name(ev);
        ok = n != NULL;
        if (!ok)
            break;
        if (id == F_FD_DIRECTORY || id == F_FD_FILENAME) {
            const char *slash = strrchr(n, '/');
            if (!slash) {
                ok = id == F_FD_FILENAME;
                if (ok)
                    set_str(out, n);
            } else if (id == F_FD_FILENAME) {
                set_str(out, slash + 1);
            } else {
                set_strn(out, n, slash == n ? 1 : (size_t)(slash - n));
            }
            break;
        }
        set_str(out, n);
        break;
    }
    case F_FD_IP:
    case F_FD_NET:
    case F_FD_PORT:
    case F_FD_CIP:
    case F_FD_SIP:
    case F_FD_LIP:
    case F_FD_RIP:
    case F_FD_CNET:
    case F_FD_SNET:
    case F_FD_LNET:
    case F_FD_RNET:
    case F_FD_CPORT:
    case F_FD_SPORT:
    case F_FD_LPORT:
    case F_FD_RPORT:
    case F_FD_IS_SERVER: {
        ends e;
        if (!sock_ends(ev, &e)) {
            ok = false;
            break;
        }
        switch (id) {
        case F_FD_IP:
        case F_FD_NET:
            ok = idx < 2 && ip_from(out, idx == 0 ? e.cip : e.sip, e.family);
            break;
        case F_FD_PORT:
            ok = idx < 2;
            set_int(out, idx == 0 ? e.cport : e.sport);
            break;
        case F_FD_CIP:
        case F_FD_CNET:
            ok = ip_from(out, e.cip, e.family);
            break;
        case F_FD_SIP:
        case F_FD_SNET:
            ok = ip_from(out, e.sip, e.family);
            break;
        case F_FD_LIP:
        case F_FD_LNET:
            ok = ip_from(out, e.lip, e.family);
            break;
        case F_FD_RIP:
        case F_FD_RNET:
            ok = ip_from(out, e.rip, e.family);
            break;
        case F_FD_CPORT:
            set_int(out, e.cport);
            break;
        case F_FD_SPORT:
            set_int(out, e.sport);
            break;
        case F_FD_LPORT:
            set_int(out, e.lport);
            break;
        case F_FD_RPORT:
            set_int(out, e.rport);
            break;
        default:
            set_bool(out, e.server);
            break;
        }
        break;
    }
    case F_FD_L4PROTO: {
        uint8_t proto = 0;
        if (ev->sc && strcmp(ev->sc->name, "socket") == 0) {
            int type = (int)ev->args[1] & 0xf;
            proto = (uint8_t)ev->args[2];
            if (!proto)
                proto = type == SOCK_STREAM ? IPPROTO_TCP : type == SOCK_DGRAM ? IPPROTO_UDP : 0;
            if (type == SOCK_RAW && !ev->args[2])
                proto = IPPROTO_RAW;
        } else if (is_sock_event(ev)) {
            proto = ev->fd->l4proto;
            if (ev->fd->sotype == SOCK_RAW)
                proto = IPPROTO_RAW;
        } else {
            ok = false;
            break;
        }
        set_str(out, proto == IPPROTO_TCP                               ? "tcp"
                     : proto == IPPROTO_UDP                             ? "udp"
                     : proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6 ? "icmp"
                     : proto == IPPROTO_RAW                             ? "raw"
                                                                        : "<NA>");
        break;
    }
    case F_FD_SOCKFAMILY: {
        char ch;
        const char *tn;
        ok = fd_kind(ev, &ch, &tn) && (ch == '4' || ch == '6' || ch == 'u');
        if (ok)
            set_str(out, ch == 'u' ? "unix" : "ip");
        break;
    }
    case F_FD_CONNECTED:
        ok = is_sock_event(ev);
        if (ok)
            set_bool(out, ev->fd->rport != 0 ||
                              (ev->sc && strcmp(ev->sc->name, "connect") == 0 && ev->ret >= 0));
        break;
    case F_FD_NAME_CHANGED:
        set_bool(out, false);
        break;
    case F_FD_INO:
        ok = ev->fd && ev->fd->ino;
        if (ok)
            set_int(out, (int64_t)ev->fd->ino);
        break;
    case F_FS_PATH_NAME:
    case F_FS_PATH_NAMERAW:
    case F_FS_PATH_SOURCE:
    case F_FS_PATH_SOURCERAW:
    case F_FS_PATH_TARGET:
    case F_FS_PATH_TARGETRAW: {
        if (ev->kind != DD_WEV_SYSCALL || !ev->sc || !(ev->sc->flags & DD_SC_FSPATH)) {
            ok = false;
            break;
        }
        bool two = ev->sc->flags & DD_SC_TWOPATH;
        bool raw =
            id == F_FS_PATH_NAMERAW || id == F_FS_PATH_SOURCERAW || id == F_FS_PATH_TARGETRAW;
        int slot;
        if (id == F_FS_PATH_NAME || id == F_FS_PATH_NAMERAW) {
            if (two) {
                ok = false;
                break;
            }
            slot = strcmp(ev->sc->name, "mount") == 0 ? 1 : 0;
        } else {
            if (!two) {
                ok = false;
                break;
            }
            slot = (id == F_FS_PATH_SOURCE || id == F_FS_PATH_SOURCERAW) ? 0 : 1;
        }
        if (!ev->str[slot]) {
            /* fchmod: the path of its fd */
            ok = slot == 0 && ev->str[DD_STR_FDPATH];
            if (ok)
                set_str(out, ev->str[DD_STR_FDPATH]);
            break;
        }
        bool symlink_target = slot == 0 && strncmp(ev->sc->name, "symlink", 7) == 0;
        set_str(out, raw || symlink_target ? ev->str[slot] : ev_path(ev, slot));
        break;
    }
    case F_CTR_ID:
    case F_CTR_FULL_ID:
        if (!c)
            set_str(out, "host");
        else if (id == F_CTR_ID)
            set_strn(out, c->id, strnlen(c->id, 12));
        else
            set_str(out, c->id);
        break;
    case F_CTR_NAME:
        if (!c)
            set_str(out, "host");
        else
            ok = c->name && (set_str(out, c->name), true);
        break;
    case F_CTR_TYPE:
        set_str(out, c ? "docker" : "host");
        break;
    case F_CTR_INFO:
        if (!c) {
            set_str(out, "host");
            break;
        }
        dd_buf_printf(&tmp, "%.12s %s %s", c->id, c->name ? c->name : "<NA>",
                      c->image ? c->image : "<NA>");
        set_str(out, dd_warena_strndup(ev->arena, tmp.data, tmp.len));
        break;
    default:
        if (id >= F_CTR_IMAGE && id <= F_K8S_POD_NAME) {
            if (!c) {
                ok = false;
                break;
            }
            const char *s = NULL;
            switch (id) {
            case F_CTR_IMAGE:
                s = c->image;
                break;
            case F_CTR_IMAGE_ID:
                s = c->image_id;
                break;
            case F_CTR_IMAGE_REPO:
                s = c->image_repo;
                break;
            case F_CTR_IMAGE_TAG:
                s = c->image_tag;
                break;
            case F_CTR_IMAGE_DIGEST:
                s = c->image_digest;
                break;
            case F_CTR_PRIVILEGED:
                set_bool(out, c->privileged);
                goto done;
            case F_CTR_HOST_PID:
                set_bool(out, c->host_pid);
                goto done;
            case F_CTR_HOST_NETWORK:
                set_bool(out, c->host_network);
                goto done;
            case F_CTR_HOST_IPC:
                set_bool(out, c->host_ipc);
                goto done;
            case F_CTR_MOUNTS:
                for (size_t i = 0; i < c->nmounts; i++)
                    dd_buf_printf(&tmp, "%s%s:%s:%s:%s:%s", i ? "," : "",
                                  c->mounts[i].source ? c->mounts[i].source : "",
                                  c->mounts[i].dest ? c->mounts[i].dest : "",
                                  c->mounts[i].mode ? c->mounts[i].mode : "",
                                  c->mounts[i].rw ? "true" : "false",
                                  c->mounts[i].propagation ? c->mounts[i].propagation : "");
                set_str(out, dd_warena_strndup(ev->arena, tmp.data ? tmp.data : "", tmp.len));
                goto done;
            case F_CTR_MOUNT:
            case F_CTR_MOUNT_SOURCE:
            case F_CTR_MOUNT_DEST:
            case F_CTR_MOUNT_MODE:
            case F_CTR_MOUNT_RDWR:
            case F_CTR_MOUNT_PROPAGATION: {
                /* source[KEY] finds by destination; the others by source */
                const dd_mount *m = mount_by(c, r->key, id == F_CTR_MOUNT_SOURCE);
                if (!m) {
                    set_str(out, "N/A"); /* Falco's value: rules test != "N/A" */
                    goto done;
                }
                if (id == F_CTR_MOUNT) {
                    dd_buf_printf(&tmp, "%s:%s:%s:%s:%s", m->source ? m->source : "",
                                  m->dest ? m->dest : "", m->mode ? m->mode : "",
                                  m->rw ? "true" : "false", m->propagation ? m->propagation : "");
                    s = dd_warena_strndup(ev->arena, tmp.data, tmp.len);
                } else {
                    s = id == F_CTR_MOUNT_SOURCE ? m->source
                        : id == F_CTR_MOUNT_DEST ? m->dest
                        : id == F_CTR_MOUNT_MODE ? m->mode
                        : id == F_CTR_MOUNT_RDWR ? (m->rw ? "true" : "false")
                                                 : m->propagation;
                }
                break;
            }
            case F_CTR_START_TS:
                ok = c->start_real > 0;
                set_int(out, c->start_real);
                goto done;
            case F_CTR_DURATION:
                ok = c->start_real > 0;
                set_int(out, ev->ts - c->start_real);
                goto done;
            case F_CTR_HEALTHCHECK:
                s = c->healthcheck;
                break;
            case F_CTR_LIVENESS:
            case F_CTR_READINESS:
                s = NULL;
                break;
            case F_CTR_IP:
                s = c->ip;
                break;
            case F_CTR_USER:
                s = c->user;
                break;
            case F_CTR_LABEL: {
                json_error_t je;
                json_t *l = c->labels_json ? json_loads(c->labels_json, 0, &je) : NULL;
                const char *v = l ? json_string_value(json_object_get(l, r->key)) : NULL;
                if (v)
                    s = dd_warena_strndup(ev->arena, v, strlen(v));
                if (l)
                    json_decref(l);
                break;
            }
            case F_CTR_LABELS:
                s = c->labels_json;
                break;
            case F_K8S_NS_NAME:
                s = c->k8s_ns;
                break;
            case F_K8S_POD_NAME:
                s = c->k8s_pod;
                break;
            }
            ok = s != NULL;
            if (ok)
                set_str(out, s);
            break;
        }
        ok = false;
        break;
    }
done:
    dd_buf_free(&tmp);
    return ok;
}

json_t *dd_json_string_safe(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    if (j)
        return j;
    /* not UTF-8 (bytes from a traced process): keep it readable and valid */
    dd_buf b = DD_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80 && ch != 0)
            dd_buf_putc(&b, (char)ch);
        else
            dd_buf_printf(&b, "\\x%02x", ch);
    }
    j = json_stringn(b.data ? b.data : "", b.len);
    dd_buf_free(&b);
    return j;
}

void dd_field_render(const dd_wevent *ev, const dd_fieldref *r, dd_buf *text, json_t **json)
{
    dd_val v;
    dd_buf all = DD_BUF_INIT;
    /* a multi-valued field without an index prints its first value, as Falco does */
    if (!dd_field_get(ev, r, 0, &v)) {
        if (text)
            dd_buf_puts(text, "<NA>");
        if (json)
            *json = json_null();
        return;
    }
    switch (v.t) {
    case DD_V_STR:
        if (text)
            dd_buf_append(text, v.s, v.n);
        if (json)
            *json = dd_json_string_safe(v.s, v.n);
        break;
    case DD_V_INT:
        if (text)
            dd_buf_printf(text, "%lld", (long long)v.i);
        if (json)
            *json = json_integer(v.i);
        break;
    case DD_V_BOOL:
        if (text)
            dd_buf_puts(text, v.i ? "true" : "false");
        if (json)
            *json = json_boolean(v.i);
        break;
    case DD_V_IP: {
        fmt_ip(&all, v.ip, v.iplen == 4 ? AF_INET : AF_INET6);
        if (text)
            dd_buf_append(text, all.data, all.len);
        if (json)
            *json = json_stringn(all.data, all.len);
        break;
    }
    default:
        if (text)
            dd_buf_puts(text, "<NA>");
        if (json)
            *json = json_null();
        break;
    }
    dd_buf_free(&all);
}
