#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"

/* The temporary file a signal handler must remove; one report is written at a time. */
static char pending[PATH_MAX];
static volatile sig_atomic_t have_pending;

static void set_pending(const char *tmp)
{
    have_pending = 0;
    if (tmp && strlen(tmp) < sizeof pending) {
        strcpy(pending, tmp);
        have_pending = 1;
    }
}

void dd_outfile_unlink_pending(void)
{
    if (have_pending)
        unlink(pending);
}

FILE *dd_outfile_open(dd_outfile *o, const char *path, dd_error *e)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return o->f;
    }
    o->path = dd_xstrdup(path);
    /* A symlink is followed to the file it names: that file is replaced, the link kept. */
    char *target = realpath(path, NULL);
    struct stat st;
    bool exists = target && stat(target, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        /* A FIFO, a terminal, /dev/stdout: written in place, there is nothing to swap. */
        free(target);
        o->f = fopen(path, "we");
        if (!o->f)
            dd_error_sys(e, errno, "cannot write %s", path);
        return o->f;
    }
    const char *where = target ? target : path;
    const char *slash = strrchr(where, '/');
    o->tmp = slash ? dd_xasprintf("%.*s/.%s.XXXXXX", (int)(slash - where), where, slash + 1)
                   : dd_xasprintf(".%s.XXXXXX", where);
    if (target) {
        free(o->path);
        o->path = target; /* rename onto the link's target */
    }
    int fd = mkostemp(o->tmp, O_CLOEXEC);
    if (fd < 0) {
        dd_error_sys(e, errno, "cannot write %s", path);
        free(o->tmp), free(o->path);
        memset(o, 0, sizeof *o);
        return NULL;
    }
    set_pending(o->tmp);
    /* The mode a plain open would have given (0666 less the umask), or the old file's. */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~um));
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int err = errno;
        close(fd);
        dd_outfile_abort(o);
        dd_error_sys(e, err, "cannot write %s", path);
        return NULL;
    }
    return o->f;
}

static void release(dd_outfile *o)
{
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
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
    const char *name = o->path ? o->path : "standard output";
    if (!bad && o->tmp && rename(o->tmp, o->path) != 0)
        bad = true, err = errno;
    if (bad) {
        if (o->tmp)
            unlink(o->tmp);
        set_pending(NULL);
        dd_error_sys(e, err ? err : EIO, "cannot write %s%s", o->path ? "" : "to ", name);
        release(o);
        return -1;
    }
    set_pending(NULL);
    release(o);
    return 0;
}

void dd_outfile_abort(dd_outfile *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    else if (o->f == stdout)
        fflush(stdout);
    if (o->tmp)
        unlink(o->tmp);
    set_pending(NULL);
    release(o);
}
