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
#include "common/string.h"
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

static void
log_call_work(void *arg)
{
	ereport(LOG,
			(errmsg("%s (called by function-call message)", shown),
			 errhidestmt(true), errhidecontext(true)));
}

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
	 * character boundary if it did not fit here; Java's encoder writes only
	 * whole characters), and in another only when it is plain ASCII, since
	 * converting could raise an error here.  Reporting copies into this
	 * backend's own status slot and raises none.
	 */
	text = buf;
	if (GetDatabaseEncoding() == PG_UTF8)
	{
		if (len == (jsize) sizeof(buf) - 1)
			buf[pg_mbcliplen(buf, len, len)] = '\0';
	}
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

	/*
	 * log_statement's line of a function-call message (which leaves
	 * debug_query_string unset) was written before the call and logs no
	 * argument: a line of the call's own names the method, worded apart from
	 * PostgreSQL's so that tools counting those lines still count each call
	 * once.
	 */
	if (log_statement == LOGSTMT_ALL && debug_query_string == NULL)
	{
		WhNative	n;

		if (wh_native_enter(env, &n))
		{
			(void) wh_run_guarded(env, WH_GUARD_PLAIN, log_call_work, NULL);
			wh_native_leave(&n);
		}
	}
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

/* A reader of the request frame's hex form (runtime/WIRE.md), as logged. */
typedef struct HexFrame
{
	const char *hex;			/* the next byte's two digits */
	bool		ok;				/* false once a byte was missing or not hex */
} HexFrame;

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static uint32
hex_bytes(HexFrame *f, int n)
{
	uint32		v = 0;

	for (int i = 0; i < n && f->ok; i++)
	{
		int			hi = hex_digit(f->hex[0]);
		int			lo = hi < 0 ? -1 : hex_digit(f->hex[1]);

		if (lo < 0)
			f->ok = false;
		else
		{
			v = (v << 8) | (uint32) (hi * 16 + lo);
			f->hex += 2;
		}
	}
	return v;
}

static void
hex_skip(HexFrame *f, uint32 n)
{
	for (uint32 i = 0; i < n && f->ok; i++)
		(void) hex_bytes(f, 1);
}

/* A string of the frame (u16 length, UTF-8) appended to out, dots for slashes when asked. */
static void
hex_string(HexFrame *f, StringInfo out, bool slashes_to_dots)
{
	uint32		len = hex_bytes(f, 2);

	for (uint32 i = 0; i < len && f->ok; i++)
	{
		char		c = (char) hex_bytes(f, 1);

		appendStringInfoChar(out, slashes_to_dots && c == '/' ? '.' : c);
	}
}

/* A JVM method descriptor's parameters as Java writes them: "(JLjava/lang/String;)V" is "long, java.lang.String". */
static void
java_parameters(const char *d, StringInfo out)
{
	static const char *const primitives[][2] = {{"B", "byte"}, {"C", "char"}, {"D", "double"}, {"F", "float"},
	{"I", "int"}, {"J", "long"}, {"S", "short"}, {"Z", "boolean"}};
	bool		first = true;

	for (d = d[0] == '(' ? d + 1 : d; *d != '\0' && *d != ')';)
	{
		int			dims = 0;

		while (*d == '[')
		{
			dims++;
			d++;
		}
		if (!first)
			appendStringInfoString(out, ", ");
		first = false;
		if (*d == 'L')
		{
			for (d++; *d != '\0' && *d != ';'; d++)
				appendStringInfoChar(out, *d == '/' ? '.' : *d);
			if (*d == ';')
				d++;
		}
		else
		{
			for (int i = 0; i < lengthof(primitives); i++)
				if (*d == primitives[i][0][0])
					appendStringInfoString(out, primitives[i][1]);
			if (*d != '\0')
				d++;
		}
		while (dims-- > 0)
			appendStringInfoString(out, "[]");
	}
}

/*
 * The method a request frame asks for, from its hex form in text that
 * logged it ('\x5748...'): "com.acme.Accounts.transfer(long, long)", or NULL
 * when the text holds no whole frame header (log_parameter_max_length cut
 * it, say).  The text is what the client sent, read before any check.
 */
static char *
requested_method(const char *text)
{
	const char *at = text != NULL ? strstr(text, "'\\x57485251") : NULL;
	HexFrame	f;
	uint32		flags;
	StringInfoData out;
	StringInfoData descriptor;

	if (at == NULL)
		return NULL;
	f.hex = at + 3;
	f.ok = true;
	hex_skip(&f, 5);
	flags = hex_bytes(&f, 1);
	hex_skip(&f, 32 + ((flags & 4) != 0 ? 16 : 0));
	if ((flags & 1) != 0)
	{
		uint32		classes = hex_bytes(&f, 4);

		for (uint32 i = 0; i < classes && f.ok; i++)
		{
			hex_skip(&f, hex_bytes(&f, 2));
			hex_skip(&f, hex_bytes(&f, 4));
		}
	}
	initStringInfo(&out);
	initStringInfo(&descriptor);
	hex_string(&f, &out, false);
	appendStringInfoChar(&out, '.');
	hex_string(&f, &out, false);
	hex_string(&f, &descriptor, false);
	if (!f.ok)
		return NULL;
	appendStringInfoChar(&out, '(');
	java_parameters(descriptor.data, &out);
	appendStringInfoChar(&out, ')');
	/* As pg_stat_activity shows it: valid UTF-8 in a UTF-8 database, plain ASCII in another. */
	if (GetDatabaseEncoding() == PG_UTF8 ? !pg_verifymbstr(out.data, out.len, true)
		: !pg_is_ascii(out.data))
		return NULL;
	return out.data;
}

/*
 * log_min_duration_statement's line ("duration: ... SELECT
 * wormhole.invoke($1)") is written after the call, outside its error
 * context: it gets the CONTEXT of the statement's last call, so that a slow
 * call's line names its method.  Only a duration line of the statement that
 * made that call: one whose call never started names nothing.
 *
 * The agent's calls after a connection's first come by the protocol's
 * function-call message, whose duration line ("duration: ... fastpath
 * function call: "invoke" (OID ...)") gets the same CONTEXT.
 *
 * log_statement's line is written before the call: it gets the method the
 * request asks for, read from the parameter as the line's DETAIL logs it
 * (or from the statement's text, for a frame written into the SQL).  A
 * function-call message's line logs no argument: the call logs a line of its
 * own naming the method once it knows it (wh_bridge_report_activity).
 */
static void
activity_log_hook(ErrorData *edata)
{
	if (edata->elevel == LOG && edata->context == NULL && edata->message_id != NULL &&
		edata->message != NULL && (strstr(edata->message, "wormhole.invoke(") != NULL ||
								   strstr(edata->message, "fastpath function call: \"invoke\"") != NULL))
	{
		if (strncmp(edata->message_id, "duration: ", strlen("duration: ")) == 0)
		{
			if (shown_in_statement != 0 && shown_in_statement == GetCurrentStatementStartTimestamp())
				edata->context = pstrdup(shown);
		}
		else
		{
			char	   *method = requested_method(edata->detail);

			if (method == NULL)
				method = requested_method(edata->message);
			if (method != NULL)
				edata->context = psprintf("wormhole.invoke request: %s", method);
		}
	}
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
