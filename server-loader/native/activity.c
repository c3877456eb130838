/*-------------------------------------------------------------------------
 *
 * activity.c
 *	  What pg_stat_activity shows while a call runs: the Java method, not
 *	  only "SELECT wormhole.invoke($1)", and the statement again afterwards;
 *	  and the method in the CONTEXT of what is logged during the call and of
 *	  the statement's duration line.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/xact.h"
#include "mb/pg_wchar.h"
#include "tcop/tcopprot.h"
#include "utils/backend_status.h"

/* Whether a call replaced the statement's text in pg_stat_activity. */
static bool replaced = false;

/* The text shown, for the CONTEXT line of what is logged during the call. */
static char shown[1024];

/* The start of the statement whose call last showed a text (0: none yet). */
static TimestampTz shown_in_statement = 0;

static emit_log_hook_type prev_emit_log_hook = NULL;

/*
 * Java's reportActivity(byte[] textUtf8): shows text as the backend's query
 * until the call ends.  Only the text changes; the state stays active.
 */
void		JNICALL
wh_bridge_report_activity(JNIEnv *env, jclass cls, jbyteArray text_utf8)
{
	char		buf[1024];
	jsize		len;
	char	   *text;

	if (!wh_on_main_thread())
	{
		wh_throw(env, "java/lang/IllegalStateException", "only the backend's main thread may call into PostgreSQL");
		return;
	}
	len = Min((*env)->GetArrayLength(env, text_utf8), (jsize) sizeof(buf) - 1);
	(*env)->GetByteArrayRegion(env, text_utf8, 0, len, (jbyte *) buf);
	if ((*env)->ExceptionCheck(env))
		return;
	buf[len] = '\0';

	/*
	 * The text is UTF-8: shown as it is in a UTF-8 database (cut at a
	 * character boundary), and in another only when it is plain ASCII, since
	 * converting could raise an error here.  Reporting copies into this
	 * backend's own status slot and raises none.
	 */
	text = buf;
	if (GetDatabaseEncoding() == PG_UTF8)
		buf[pg_mbcliplen(buf, len, len)] = '\0';
	else
	{
		for (int i = 0; i < len && text != NULL; i++)
			if (IS_HIGHBIT_SET(buf[i]))
				text = NULL;
	}
	text = text != NULL ? text : "wormhole.invoke: a Java method";
	pgstat_report_activity(STATE_RUNNING, text);
	strlcpy(shown, text, sizeof(shown));
	shown_in_statement = GetCurrentStatementStartTimestamp();
	replaced = true;
}

/*
 * The CONTEXT of every message raised while a call runs (auto_explain's
 * plans of its nested statements, its notices, its statements' errors in the
 * log), as PL/pgSQL names its function: which Java method ran them.
 */
static void
activity_context(void *arg)
{
	if (replaced)
		errcontext("%s", shown);
}

void
wh_activity_context_push(ErrorContextCallback *callback)
{
	callback->callback = activity_context;
	callback->arg = NULL;
	callback->previous = error_context_stack;
	error_context_stack = callback;
}

void
wh_activity_context_pop(ErrorContextCallback *callback)
{
	error_context_stack = callback->previous;
}

/*
 * The method the running call shows, without the "wormhole.invoke: " prefix,
 * into buf (cut at a character boundary); "" before the call found one.
 */
void
wh_activity_method(char *buf, Size size)
{
	const char *prefix = "wormhole.invoke: ";
	const char *text = replaced ? shown : "";
	int			len;

	if (strncmp(text, prefix, strlen(prefix)) == 0)
		text += strlen(prefix);
	len = strlen(text);
	if (len >= (int) size)
		len = GetDatabaseEncoding() == PG_UTF8 ? pg_mbcliplen(text, len, size - 1) : size - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
}

/* Called when a call ends: the statement that made it shows again. */
void
wh_activity_restore(void)
{
	if (replaced)
	{
		replaced = false;
		pgstat_report_activity(STATE_RUNNING, debug_query_string);
	}
}

/*
 * log_min_duration_statement's line ("duration: ... SELECT
 * wormhole.invoke($1)") is written after the call, outside its error
 * context: it gets the CONTEXT of the statement's last call, so that a slow
 * call's line names its method.  Only a duration line of the statement that
 * made that call: one whose call never started names nothing.
 */
static void
activity_log_hook(ErrorData *edata)
{
	if (edata->elevel == LOG && edata->context == NULL && edata->message_id != NULL &&
		strncmp(edata->message_id, "duration: ", strlen("duration: ")) == 0 &&
		shown_in_statement != 0 && shown_in_statement == GetCurrentStatementStartTimestamp())
		edata->context = pstrdup(shown);
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

/* From _PG_init. */
void
wh_activity_init(void)
{
	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = activity_log_hook;
}
