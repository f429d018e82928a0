#include "core/heartbeat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/node.h"

const char *dd_heartbeat_path(void)
{
    const char *env = getenv("DRYDOCK_HEALTH_FILE");
    if (env)
        return *env ? env : NULL;
    return dd_in_container() ? "/tmp/drydock-watch.health" : NULL;
}

int dd_heartbeat_touch(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
    if (fd < 0)
        return -1;
    struct stat st;
    int rc = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? futimens(fd, NULL) : -1;
    if (rc < 0 && errno == 0)
        errno = EINVAL;
    int err = errno;
    close(fd);
    errno = err;
    return rc;
}

int dd_heartbeat_check(const char *path, int max_age, dd_error *e)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (errno == ENOENT)
            return 0;
        return dd_error_sys(e, errno, "cannot read %s", path);
    }
    if (!S_ISREG(st.st_mode))
        return dd_error_set(e, DD_ERR_RUN, 0, "%s is not a regular file", path);
    time_t age = time(NULL) - st.st_mtime;
    if (age > max_age)
        return dd_error_set(e, DD_ERR_RUN, 0,
                            "unhealthy: %s was last touched %lld s ago (more than %d s): the "
                            "watch loop is stuck",
                            path, (long long)age, max_age);
    return 0;
}
