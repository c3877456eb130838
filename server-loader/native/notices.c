/*-------------------------------------------------------------------------
 *
 * notices.c
 *	  Notices raised by the statements a call runs (for JDBC's getWarnings),
 *	  and messages Java sends to the client.
 *
 * emit_log_hook only sees messages headed for the server log, so while a
 * statement runs log_min_messages is lowered to NOTICE; the hook keeps the
 * server log as it was configured by turning output_to_server back off.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "nodes/pg_list.h"
#include "utils/memutils.h"

typedef struct WhNotice
{
	int			elevel;
	char	   *sqlstate;
	char	   *message;
	char	   *detail;
	char	   *hint;
} WhNotice;

/*
 * A statement's notices wait in memory until it ends, so a statement raising
 * many large ones could exhaust the backend's memory: past this many bytes
 * they are counted, not kept, and one WARNING says how many were dropped.
 */
#define MAX_CAPTURED_BYTES (1024 * 1024)

static List *captured_notices;
static Size captured_bytes;
static int	dropped_notices;
static bool capturing;
static int	configured_log_min_messages;
static emit_log_hook_type prev_emit_log_hook;

static Size
strlen_or_zero(const char *s)
{
	return s ? strlen(s) : 0;
}

static void
keep_notice(ErrorData *edata, Size size)
{
	MemoryContext old = MemoryContextSwitchTo(wh_native_cxt);
	WhNotice   *n = palloc(sizeof(WhNotice));

	n->elevel = edata->elevel;
	n->sqlstate = pstrdup(unpack_sql_state(edata->sqlerrcode));
	n->message = edata->message ? pstrdup(edata->message) : NULL;
	n->detail = edata->detail ? pstrdup(edata->detail) : NULL;
	n->hint = edata->hint ? pstrdup(edata->hint) : NULL;
	captured_notices = lappend(captured_notices, n);
	captured_bytes += size;
	MemoryContextSwitchTo(old);
}

static void
capture_notice(ErrorData *edata)
{
	if (capturing && edata->output_to_client &&
		(edata->elevel == NOTICE || edata->elevel == WARNING || edata->elevel == INFO))
	{
		Size		size = sizeof(WhNotice) + strlen_or_zero(edata->message) +
			strlen_or_zero(edata->detail) + strlen_or_zero(edata->hint);

		if (edata->elevel < configured_log_min_messages)
			edata->output_to_server = false;
		if (captured_bytes + size > MAX_CAPTURED_BYTES)
			dropped_notices++;
		else
			keep_notice(edata, size);
	}
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

static void
forget_notices(void)
{
	captured_notices = NIL;
	captured_bytes = 0;
	dropped_notices = 0;
}

void
wh_notices_install(void)
{
	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = capture_notice;
}

void
wh_start_capture(void)
{
	capturing = true;
	forget_notices();
	configured_log_min_messages = log_min_messages;
	if (log_min_messages > NOTICE)
		log_min_messages = NOTICE;
}

void
wh_stop_capture(void)
{
	if (capturing)
	{
		capturing = false;
		log_min_messages = configured_log_min_messages;
	}
}

void
wh_reset_capture(void)
{
	wh_stop_capture();
	forget_notices();
}

/* Appends the notices captured since the statement began to a result. */
void
wh_encode_notices(StringInfo out)
{
	ListCell   *lc;

	pq_sendint32(out, list_length(captured_notices) + (dropped_notices > 0 ? 1 : 0));
	foreach(lc, captured_notices)
	{
		WhNotice   *n = (WhNotice *) lfirst(lc);

		wh_put_str(out, n->elevel == WARNING ? "WARNING" : n->elevel == INFO ? "INFO" : "NOTICE");
		wh_put_str(out, n->sqlstate);
		wh_put_str(out, n->message);
		wh_put_str(out, n->detail);
		wh_put_str(out, n->hint);
	}
	if (dropped_notices > 0)
	{
		wh_put_str(out, "WARNING");
		wh_put_str(out, "01000");
		wh_put_str(out, psprintf("%d more notices of this statement were not kept for getWarnings: "
								 "its notices passed %d kB", dropped_notices, MAX_CAPTURED_BYTES / 1024));
		wh_put_str(out, NULL);
		wh_put_str(out, "Raise fewer or shorter notices in the statements of a @Remote call.");
	}
	forget_notices();
}

typedef struct NoticeArgs
{
	JNIEnv	   *env;
	int			level;
	jbyteArray	message;
} NoticeArgs;

static void
notice_work(void *arg)
{
	NoticeArgs *a = arg;
	static const int levels[] = {NOTICE, WARNING, INFO, LOG};
	int			len;
	char	   *utf8 = wh_from_java_bytes(a->env, a->message, &len);

	if (utf8 == NULL)
		elog(ERROR, "could not read the message from Java");
	ereport(levels[a->level], (errmsg_internal("%s", pg_any_to_server(utf8, len, PG_UTF8))));
}

void		JNICALL
wh_bridge_notice(JNIEnv *env, jclass cls, jint level, jbyteArray message)
{
	NoticeArgs	a = {env, level, message};
	WhNative	n;

	if (level < 0 || level > 3)
	{
		wh_throw(env, "java/lang/IllegalArgumentException", "unknown message level");
		return;
	}
	if (!wh_native_enter(env, &n))
		return;
	(void) wh_run_guarded(env, WH_GUARD_PLAIN, notice_work, &a);
	MemoryContextReset(wh_native_cxt);
	wh_native_leave(&n);
}
