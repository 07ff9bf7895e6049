/* CEditLine shim: static inline wrappers over libedit's variadic calls, for Swift.
 *
 * Swift cannot call C variadic functions (el_set, el_get, history, ioctl), and in Swift 6 the
 * C globals stdin/stdout/stderr are refused as shared mutable state. Each wrapper here fixes one
 * operation's argument list, so Swift sees an ordinary C function. Only LineEditing imports this.
 */
#ifndef INTAKE_CEDITLINE_SHIM_H
#define INTAKE_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

/* The standard streams, which Swift 6 will not touch as globals. */
static inline FILE *intake_stdin(void) { return stdin; }
static inline FILE *intake_stdout(void) { return stdout; }
static inline FILE *intake_stderr(void) { return stderr; }

/* Function types libedit calls back, named so Swift sees them as @convention(c) closures. */
typedef char *(*intake_el_prompt_fn)(EditLine *);
typedef unsigned char (*intake_el_command_fn)(EditLine *, int);
typedef int (*intake_el_getc_fn)(EditLine *, wchar_t *);

/* ---- el_set ---- */

static inline int intake_el_set_prompt(EditLine *el, intake_el_prompt_fn fn, char ignore) {
    return el_set(el, EL_PROMPT_ESC, fn, (int)ignore);
}
static inline int intake_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int intake_el_set_signal(EditLine *el, int handle) {
    return el_set(el, EL_SIGNAL, handle);
}
static inline int intake_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline int intake_el_set_getcfn(EditLine *el, intake_el_getc_fn fn) {
    return el_set(el, EL_GETCFN, fn);
}
/* Adds a named editor command that keys can be bound to. (libedit keeps a copy of the two names for
 * the EditLine's lifetime and never frees it: a few bytes per editor.) */
static inline int intake_el_addfn(EditLine *el, const char *name, const char *help, intake_el_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
/* Binds a key sequence ("^I", "\\e[A") to an editor command by name. */
static inline int intake_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}
/* Changes one terminal flag for one of libedit's modes ("-d" edit, "-x" execute): ("-d", "-isig"). */
static inline int intake_el_setty(EditLine *el, const char *mode, const char *flag) {
    return el_set(el, EL_SETTY, mode, flag, (const char *)NULL);
}
/* Puts the terminal in libedit's editing (raw) mode now, or back (0). */
static inline int intake_el_prep_term(EditLine *el, int raw) {
    return el_set(el, EL_PREP_TERM, raw);
}
/* Redraws the prompt and the line from the cursor's current position. */
static inline int intake_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}

/* ---- el_get ---- */

static inline void *intake_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
static inline int intake_el_get_editmode(EditLine *el) {
    int on = 0;
    if (el_get(el, EL_EDITMODE, &on) != 0) return 0;
    return on;
}

/* ---- history (wide: entries are wchar_t, so no locale conversion between Swift and libedit) ---- */

static inline int intake_el_set_hist(EditLine *el, HistoryW *h) {
    return el_wset(el, EL_HIST, history_w, h);
}
static inline int intake_history_setsize(HistoryW *h, int size) {
    HistEventW ev;
    return history_w(h, &ev, H_SETSIZE, size);
}
static inline int intake_history_setunique(HistoryW *h, int unique) {
    HistEventW ev;
    return history_w(h, &ev, H_SETUNIQUE, unique);
}
static inline int intake_history_enter(HistoryW *h, const wchar_t *line) {
    HistEventW ev;
    return history_w(h, &ev, H_ENTER, line);
}
static inline int intake_history_clear(HistoryW *h) {
    HistEventW ev;
    return history_w(h, &ev, H_CLEAR);
}
/* Number of entries read, or -1. */
static inline int intake_history_load(HistoryW *h, const char *path) {
    HistEventW ev;
    return history_w(h, &ev, H_LOAD, path);
}
/* Number of entries written, or -1. */
static inline int intake_history_save_fp(HistoryW *h, FILE *fp) {
    HistEventW ev;
    return history_w(h, &ev, H_SAVE_FP, fp);
}
/* Walks the entries oldest first (in libedit's list H_LAST is the oldest, H_PREV goes newer). NULL at the end. */
static inline const wchar_t *intake_history_oldest(HistoryW *h) {
    HistEventW ev;
    return history_w(h, &ev, H_LAST) == 0 ? ev.str : NULL;
}
static inline const wchar_t *intake_history_newer(HistoryW *h) {
    HistEventW ev;
    return history_w(h, &ev, H_PREV) == 0 ? ev.str : NULL;
}

/* ---- the terminal ---- */

/* Columns of the terminal on fd, or 0 when it cannot tell. */
static inline int intake_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_col;
}
static inline int intake_terminal_rows(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_row;
}

/* Columns a character takes (glibc declares wcwidth only under _XOPEN_SOURCE). */
int wcwidth(wchar_t c);
static inline int intake_wcwidth(wchar_t c) { return wcwidth(c); }

#endif
