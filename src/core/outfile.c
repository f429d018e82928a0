#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"

FILE *dd_outfile_open(dd_outfile *o, const char *path, dd_error *e)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    if (!path || strcmp(path, "-") == 0)
        return o->f = stdout;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        if (!(o->f = fopen(path, "we")))
            dd_error_sys(e, errno, "cannot write report to %s", path);
        return o->f;
    }
    const char *slash = strrchr(path, '/');
    o->tmp = slash ? dd_xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                   : dd_xasprintf(".%s.XXXXXX", path);
    int fd = mkostemp(o->tmp, O_CLOEXEC);
    if (fd < 0) {
        dd_error_sys(e, errno, "cannot write report to %s", path);
        free(o->tmp);
        o->tmp = NULL;
        return NULL;
    }
    /* mkostemp makes 0600: give the file the mode it had, or what a plain open would */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask) < 0 || !(o->f = fdopen(fd, "w"))) {
        dd_error_sys(e, errno, "cannot write report to %s", path);
        close(fd);
        dd_outfile_discard(o);
    }
    return o->f;
}

int dd_outfile_commit(dd_outfile *o, dd_error *e)
{
    if (!o->f)
        return 0;
    errno = 0;
    bool bad = fflush(o->f) != 0 || ferror(o->f);
    int err = errno;
    if (o->f != stdout) {
        if (fclose(o->f) != 0 && !bad)
            bad = true, err = errno;
    }
    o->f = NULL;
    if (!bad && o->tmp && rename(o->tmp, o->path) < 0)
        bad = true, err = errno;
    if (bad) {
        dd_outfile_discard(o);
        return dd_error_sys(e, err ? err : EIO, "cannot write report to %s",
                            o->path && strcmp(o->path, "-") ? o->path : "standard output");
    }
    free(o->tmp);
    o->tmp = NULL;
    return 0;
}

void dd_outfile_discard(dd_outfile *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp) {
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
}
