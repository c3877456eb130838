/*-------------------------------------------------------------------------
 *
 * bridge.c
 *	  The natives of io.wormhole.server.pg.Bridge: Java's way back into
 *	  PostgreSQL through SPI.
 *
 * Every native runs its PostgreSQL work inside PG_TRY and, for statements,
 * inside an internal subtransaction, so that an error never longjmps across
 * Java frames: it is copied, the subtransaction rolled back, and it reaches
 * Java as a PgException carrying SQLSTATE, message, detail, hint and
 * position.  Only the backend's main thread may call in.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/spi_priv.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/portal.h"
#include "storage/latch.h"
#include "utils/timeout.h"

/* A kept plan with what binding its parameters needs. */
typedef struct WhPlan
{
	SPIPlanPtr	plan;
	int			nargs;
	Oid		   *argtypes;
	FmgrInfo   *infuncs;
	Oid		   *typioparams;
	/* Output functions of the last result's columns, looked up again when its types change. */
	int			nout;
	Oid		   *outtypes;
	FmgrInfo   *outfuncs;
} WhPlan;

/* A subtransaction begun from Java, with what to restore when it ends. */
typedef struct WhSubxact
{
	int			level;
	MemoryContext cxt;
	ResourceOwner owner;
} WhSubxact;

#define MAX_JAVA_SUBXACTS 1024
static WhSubxact subxacts[MAX_JAVA_SUBXACTS];
static int	nsubxacts;

/* Memory for one native's work, reset when it returns. */
static MemoryContext native_cxt;

/*
 * An error Java must not be able to swallow: a cancel, or a failure outside
 * any subtransaction (after which only aborting the transaction is safe).
 * It reaches Java as an exception and is raised for real when the call ends.
 */
static ErrorData *pending_error;

/* Notices raised by the statement being run, for JDBC's getWarnings(). */
typedef struct WhNotice
{
	int			elevel;
	char	   *sqlstate;
	char	   *message;
	char	   *detail;
	char	   *hint;
} WhNotice;

static List *captured_notices;
static bool capturing;

/*
 * emit_log_hook only sees messages headed for the server log, so while a
 * statement runs log_min_messages is lowered to NOTICE; the hook keeps the
 * server log as it was configured by turning output_to_server back off.
 */
static int	configured_log_min_messages;
static emit_log_hook_type prev_emit_log_hook;
static bool hook_installed;

static void
capture_notice(ErrorData *edata)
{
	if (capturing && edata->output_to_client &&
		(edata->elevel == NOTICE || edata->elevel == WARNING || edata->elevel == INFO))
	{
		MemoryContext old = MemoryContextSwitchTo(native_cxt);
		WhNotice   *n = palloc(sizeof(WhNotice));

		n->elevel = edata->elevel;
		n->sqlstate = pstrdup(unpack_sql_state(edata->sqlerrcode));
		n->message = edata->message ? pstrdup(edata->message) : NULL;
		n->detail = edata->detail ? pstrdup(edata->detail) : NULL;
		n->hint = edata->hint ? pstrdup(edata->hint) : NULL;
		captured_notices = lappend(captured_notices, n);
		MemoryContextSwitchTo(old);
		if (edata->elevel < configured_log_min_messages)
			edata->output_to_server = false;
	}
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

static void
start_capture(void)
{
	capturing = true;
	captured_notices = NIL;
	configured_log_min_messages = log_min_messages;
	if (log_min_messages > NOTICE)
		log_min_messages = NOTICE;
}

static void
stop_capture(void)
{
	if (capturing)
	{
		capturing = false;
		log_min_messages = configured_log_min_messages;
	}
}

/* Called by wormhole_invoke around each call into Java. */
void
wh_call_begin(void)
{
	if (!hook_installed)
	{
		prev_emit_log_hook = emit_log_hook;
		emit_log_hook = capture_notice;
		hook_installed = true;
	}
	native_cxt = AllocSetContextCreate(CurrentMemoryContext, "wormhole native", ALLOCSET_DEFAULT_SIZES);
	nsubxacts = 0;
	pending_error = NULL;
	stop_capture();
	captured_notices = NIL;
}

void
wh_call_end(void)
{
	/* Subtransactions Java left open are closed by the caller's error or by this release. */
	while (nsubxacts > 0 && GetCurrentTransactionNestLevel() >= subxacts[nsubxacts - 1].level)
	{
		WhSubxact  *s = &subxacts[--nsubxacts];

		while (GetCurrentTransactionNestLevel() > s->level)
			RollbackAndReleaseCurrentSubTransaction();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(s->cxt);
		CurrentResourceOwner = s->owner;
	}
	nsubxacts = 0;
	MemoryContextDelete(native_cxt);
	native_cxt = NULL;
}

void
wh_rethrow_pending_error(void)
{
	if (pending_error != NULL)
	{
		ErrorData  *e = pending_error;

		pending_error = NULL;
		ReThrowError(e);
	}
}

/* ---- Java helpers (no PostgreSQL calls that could raise) ---- */

static bool
check_main_thread(JNIEnv *env)
{
	if (wh_on_main_thread())
		return true;
	(*env)->ThrowNew(env, (*env)->FindClass(env, "java/lang/IllegalStateException"),
					 "only the backend's main thread may call into PostgreSQL");
	return false;
}

/* A Java byte[] holding the UTF-8 form of a server-encoded string, or NULL. */
jbyteArray
wh_new_utf8_array(JNIEnv *env, const char *server_text)
{
	char	   *utf8;
	int			len;
	jbyteArray	arr;

	if (server_text == NULL)
		return NULL;
	utf8 = pg_server_to_any(server_text, strlen(server_text), PG_UTF8);
	len = strlen(utf8);
	arr = (*env)->NewByteArray(env, len);
	if (arr != NULL)
		(*env)->SetByteArrayRegion(env, arr, 0, len, (const jbyte *) utf8);
	if (utf8 != server_text)
		pfree(utf8);
	return arr;
}

/* A copy of edata in the current memory context; edata lives in memory reset after each native. */
static ErrorData *
copy_error(ErrorData *edata)
{
	ErrorData  *copy = palloc(sizeof(ErrorData));

#define COPY_STRING(f) (copy->f = edata->f ? pstrdup(edata->f) : NULL)
	memcpy(copy, edata, sizeof(ErrorData));
	COPY_STRING(message);
	COPY_STRING(detail);
	COPY_STRING(detail_log);
	COPY_STRING(hint);
	COPY_STRING(context);
	COPY_STRING(backtrace);
	COPY_STRING(schema_name);
	COPY_STRING(table_name);
	COPY_STRING(column_name);
	COPY_STRING(datatype_name);
	COPY_STRING(constraint_name);
	COPY_STRING(internalquery);
#undef COPY_STRING
	copy->assoc_context = CurrentMemoryContext;
	return copy;
}

/*
 * Statement.setQueryTimeout: a timeout of our own, armed around one statement.
 * Its cancel fails that statement only (57014, as pgJDBC's timeout does);
 * a cancel from PostgreSQL (pg_cancel_backend, statement_timeout) stops the call.
 */
static TimeoutId query_timeout_id;
static bool query_timeout_registered;
static bool query_timed_out;

static void
query_timeout_handler(void)
{
	QueryCancelPending = true;
	InterruptPending = true;
	SetLatch(MyLatch);
}

/* Whether this cancel is our query timeout firing, rather than PostgreSQL's. */
static bool
is_query_timeout(ErrorData *edata)
{
	if (edata->sqlerrcode != ERRCODE_QUERY_CANCELED || !query_timeout_registered ||
		!get_timeout_indicator(query_timeout_id, true))
		return false;
	query_timed_out = true;
	return true;
}

/* Throws edata into Java as a PgException; remembers a cancel so it cannot be swallowed. */
static void
throw_pg_error(JNIEnv *env, ErrorData *edata, bool in_subxact)
{
	bool		timed_out = is_query_timeout(edata);
	jbyteArray	message = wh_new_utf8_array(env, timed_out ? "canceling statement due to query timeout" :
											edata->message ? edata->message : "unknown error");
	jbyteArray	state = wh_new_utf8_array(env, unpack_sql_state(edata->sqlerrcode));
	jbyteArray	detail = wh_new_utf8_array(env, edata->detail);
	jbyteArray	hint = wh_new_utf8_array(env, timed_out ?
										 "The statement ran longer than Statement.setQueryTimeout allows." :
										 edata->hint);
	jthrowable	exc;

	if (((edata->sqlerrcode == ERRCODE_QUERY_CANCELED && !timed_out) || !in_subxact) && pending_error == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);

		pending_error = copy_error(edata);
		MemoryContextSwitchTo(old);
	}
	if ((*env)->ExceptionCheck(env))
		return;
	exc = (jthrowable) (*env)->CallStaticObjectMethod(env, wh_pg_exception_class, wh_pg_exception_from_native,
													  message, state, detail, hint, (jint) edata->cursorpos);
	if (exc != NULL && !(*env)->ExceptionCheck(env))
		(*env)->Throw(env, exc);
}

typedef void (*pg_work) (void *arg);

/*
 * Runs work, in an internal subtransaction when asked to.  An error rolls the
 * subtransaction back and is thrown into Java; returns whether work succeeded.
 */
static bool
run_guarded(JNIEnv *env, bool with_subxact, pg_work work, void *arg)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	ErrorData  *volatile edata = NULL;
	volatile bool in_subxact = false;

	PG_TRY();
	{
		if (with_subxact)
		{
			BeginInternalSubTransaction(NULL);
			in_subxact = true;
			MemoryContextSwitchTo(oldcxt);
		}
		work(arg);
		if (with_subxact)
		{
			ReleaseCurrentSubTransaction();
			in_subxact = false;
			MemoryContextSwitchTo(oldcxt);
			CurrentResourceOwner = oldowner;
		}
	}
	PG_CATCH();
	{
		stop_capture();
		MemoryContextSwitchTo(native_cxt);
		edata = CopyErrorData();
		FlushErrorState();
		if (in_subxact)
			RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_END_TRY();
	if (edata != NULL)
	{
		throw_pg_error(env, edata, with_subxact);
		return false;
	}
	return true;
}

/* ---- Parameters and results ---- */

/* Reads the parameter layout of Params.java into datums for plan. */
static void
bind_params(WhPlan *p, const char *buf, int len, Datum **values, char **nulls)
{
	StringInfoData in;
	int			n;

	in.data = (char *) buf;
	in.len = len;
	in.maxlen = len;
	in.cursor = 0;
	n = pq_getmsgint(&in, 4);
	if (n != p->nargs)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("statement has %d parameters but %d values were bound", p->nargs, n)));
	*values = palloc(sizeof(Datum) * Max(n, 1));
	*nulls = palloc(Max(n, 1) + 1);
	for (int i = 0; i < n; i++)
	{
		int			vlen = pq_getmsgint(&in, 4);

		if (vlen < 0)
		{
			(*nulls)[i] = 'n';
			(*values)[i] = InputFunctionCall(&p->infuncs[i], NULL, p->typioparams[i], -1);
		}
		else
		{
			const char *raw = pq_getmsgbytes(&in, vlen);
			char	   *text = pg_any_to_server(raw, vlen, PG_UTF8);

			if (text == raw)
				text = pnstrdup(raw, vlen);
			(*nulls)[i] = ' ';
			(*values)[i] = InputFunctionCall(&p->infuncs[i], text, p->typioparams[i], -1);
		}
	}
	(*nulls)[n] = '\0';
}

static void
put_str(StringInfo out, const char *server_text)
{
	char	   *utf8;
	int			len;

	if (server_text == NULL)
	{
		pq_sendint32(out, -1);
		return;
	}
	len = strlen(server_text);
	utf8 = pg_server_to_any(server_text, len, PG_UTF8);
	if (utf8 != server_text)
		len = strlen(utf8);
	pq_sendint32(out, len);
	appendBinaryStringInfo(out, utf8, len);
}

/* Where a result column comes from, as the protocol's RowDescription says. */
static void
column_origins(SPIPlanPtr plan, int natts, Oid *tables, int16 *columns)
{
	List	   *sources = plan ? SPI_plan_get_plan_sources(plan) : NIL;
	CachedPlanSource *src;
	Query	   *q;
	int			i = 0;
	ListCell   *lc;

	memset(tables, 0, sizeof(Oid) * natts);
	memset(columns, 0, sizeof(int16) * natts);
	if (sources == NIL)
		return;
	src = (CachedPlanSource *) llast(sources);
	if (src->query_list == NIL || !IsA(llast(src->query_list), Query))
		return;
	q = (Query *) llast(src->query_list);
	foreach(lc, q->returningList != NIL ? q->returningList : q->targetList)
	{
		TargetEntry *te = (TargetEntry *) lfirst(lc);

		if (te->resjunk)
			continue;
		if (i >= natts)
			break;
		tables[i] = te->resorigtbl;
		columns[i] = te->resorigcol;
		i++;
	}
}

/* Encodes the layout SpiResult.java reads. */
/* The output functions for desc's columns, cached in the plan when there is one. */
static FmgrInfo *
output_functions(WhPlan *p, TupleDesc desc)
{
	int			natts = desc->natts;
	FmgrInfo   *funcs;
	Oid		   *types;

	if (p != NULL && p->nout == natts)
	{
		bool		same = true;

		for (int c = 0; c < natts && same; c++)
			same = p->outtypes[c] == TupleDescAttr(desc, c)->atttypid;
		if (same)
			return p->outfuncs;
	}
	if (p != NULL)
	{
		if (p->outfuncs != NULL)
		{
			pfree(p->outfuncs);
			pfree(p->outtypes);
		}
		p->nout = 0;
		p->outfuncs = funcs = MemoryContextAlloc(TopMemoryContext, sizeof(FmgrInfo) * Max(natts, 1));
		p->outtypes = types = MemoryContextAlloc(TopMemoryContext, sizeof(Oid) * Max(natts, 1));
	}
	else
	{
		funcs = palloc(sizeof(FmgrInfo) * Max(natts, 1));
		types = palloc(sizeof(Oid) * Max(natts, 1));
	}
	for (int c = 0; c < natts; c++)
	{
		Oid			outfn;
		bool		varlena;

		types[c] = TupleDescAttr(desc, c)->atttypid;
		getTypeOutputInfo(types[c], &outfn, &varlena);
		fmgr_info_cxt(outfn, &funcs[c], p != NULL ? TopMemoryContext : CurrentMemoryContext);
	}
	if (p != NULL)
		p->nout = natts;
	return funcs;
}

static void
encode_result(StringInfo out, int status, uint64 processed, SPITupleTable *tuptable, WhPlan *wplan)
{
	SPIPlanPtr	plan = wplan ? wplan->plan : NULL;
	ListCell   *lc;

	pq_sendint32(out, status);
	pq_sendint64(out, processed);
	if (tuptable == NULL)
	{
		pq_sendint32(out, -1);
		pq_sendint32(out, 0);
	}
	else
	{
		TupleDesc	desc = tuptable->tupdesc;
		int			natts = desc->natts;
		FmgrInfo   *outfuncs = output_functions(wplan, desc);
		Oid		   *tables = palloc(sizeof(Oid) * Max(natts, 1));
		int16	   *columns = palloc(sizeof(int16) * Max(natts, 1));
		uint64		nrows = tuptable->numvals;

		column_origins(plan, natts, tables, columns);
		pq_sendint32(out, natts);
		for (int c = 0; c < natts; c++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, c);
			int32		typmod = att->atttypmod;
			/* As the protocol's RowDescription does: a domain column is described by its base type. */
			Oid			type = getBaseTypeAndTypmod(att->atttypid, &typmod);

			put_str(out, NameStr(att->attname));
			pq_sendint32(out, type);
			pq_sendint32(out, typmod);
			pq_sendint32(out, tables[c]);
			pq_sendint16(out, columns[c]);
		}
		pq_sendint32(out, (int32) nrows);
		for (uint64 r = 0; r < nrows; r++)
		{
			HeapTuple	tuple = tuptable->vals[r];

			for (int c = 0; c < natts; c++)
			{
				bool		isnull;
				Datum		d = heap_getattr(tuple, c + 1, desc, &isnull);

				if (isnull)
					pq_sendint32(out, -1);
				else
				{
					char	   *text = OutputFunctionCall(&outfuncs[c], d);

					put_str(out, text);
					pfree(text);
				}
			}
		}
	}
	pq_sendint32(out, list_length(captured_notices));
	foreach(lc, captured_notices)
	{
		WhNotice   *n = (WhNotice *) lfirst(lc);

		put_str(out, n->elevel == WARNING ? "WARNING" : n->elevel == INFO ? "INFO" : "NOTICE");
		put_str(out, n->sqlstate);
		put_str(out, n->message);
		put_str(out, n->detail);
		put_str(out, n->hint);
	}
	captured_notices = NIL;
}

static jbyteArray
to_java_bytes(JNIEnv *env, StringInfo buf)
{
	jbyteArray	arr = (*env)->NewByteArray(env, buf->len);

	if (arr != NULL)
		(*env)->SetByteArrayRegion(env, arr, 0, buf->len, (const jbyte *) buf->data);
	return arr;
}

/* Copies a Java byte[] into native memory; NULL with an exception pending on failure. */
static char *
from_java_bytes(JNIEnv *env, jbyteArray arr, int *len)
{
	jsize		n;
	char	   *buf;

	if (arr == NULL)
	{
		(*env)->ThrowNew(env, (*env)->FindClass(env, "java/lang/NullPointerException"), "null byte array");
		return NULL;
	}
	n = (*env)->GetArrayLength(env, arr);
	buf = MemoryContextAlloc(native_cxt, n + 1);
	(*env)->GetByteArrayRegion(env, arr, 0, n, (jbyte *) buf);
	if ((*env)->ExceptionCheck(env))
		return NULL;
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---- The natives ---- */

typedef struct PrepareArgs
{
	char	   *sql;
	int			ntypes;
	Oid		   *types;
	WhPlan	   *result;
} PrepareArgs;

static void
prepare_work(void *arg)
{
	PrepareArgs *a = arg;
	char	   *sql = pg_any_to_server(a->sql, strlen(a->sql), PG_UTF8);
	List	   *raw = pg_parse_query(sql);
	Oid		   *types = palloc(sizeof(Oid) * Max(a->ntypes, 1));
	int			ntypes = a->ntypes;
	SPIPlanPtr	plan;
	WhPlan	   *p;

	memcpy(types, a->types, sizeof(Oid) * ntypes);

	/*
	 * Infer the types left open, as the extended protocol's Parse does; a
	 * script of several statements keeps the types it was given, since later
	 * statements may depend on what earlier ones create.
	 */
	if (list_length(raw) == 1)
		(void) parse_analyze_varparams(linitial_node(RawStmt, raw), sql, &types, &ntypes, NULL);
	plan = SPI_prepare(sql, ntypes, types);
	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("SPI_prepare failed: %s", SPI_result_code_string(SPI_result))));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");

	p = MemoryContextAllocZero(TopMemoryContext, sizeof(WhPlan));
	p->plan = plan;
	p->nargs = ntypes;
	p->argtypes = MemoryContextAlloc(TopMemoryContext, sizeof(Oid) * Max(ntypes, 1));
	p->infuncs = MemoryContextAlloc(TopMemoryContext, sizeof(FmgrInfo) * Max(ntypes, 1));
	p->typioparams = MemoryContextAlloc(TopMemoryContext, sizeof(Oid) * Max(ntypes, 1));
	for (int i = 0; i < ntypes; i++)
	{
		Oid			infn;

		p->argtypes[i] = types[i];
		getTypeInputInfo(types[i], &infn, &p->typioparams[i]);
		fmgr_info_cxt(infn, &p->infuncs[i], TopMemoryContext);
	}
	a->result = p;
}

static jlong JNICALL
bridge_prepare(JNIEnv *env, jclass cls, jbyteArray sql, jintArray types)
{
	PrepareArgs a = {0};
	int			len;
	jsize		n;

	if (!check_main_thread(env))
		return 0;
	a.sql = from_java_bytes(env, sql, &len);
	if (a.sql == NULL)
		return 0;
	n = (*env)->GetArrayLength(env, types);
	a.ntypes = n;
	a.types = MemoryContextAlloc(native_cxt, sizeof(Oid) * Max(n, 1));
	(*env)->GetIntArrayRegion(env, types, 0, n, (jint *) a.types);
	if ((*env)->ExceptionCheck(env))
		return 0;
	if (!run_guarded(env, true, prepare_work, &a))
		return 0;
	MemoryContextReset(native_cxt);
	return (jlong) (uintptr_t) a.result;
}

static jintArray JNICALL
bridge_param_types(JNIEnv *env, jclass cls, jlong handle)
{
	WhPlan	   *p = (WhPlan *) (uintptr_t) handle;
	jintArray	arr;

	if (!check_main_thread(env))
		return NULL;
	arr = (*env)->NewIntArray(env, p->nargs);
	if (arr != NULL)
		(*env)->SetIntArrayRegion(env, arr, 0, p->nargs, (const jint *) p->argtypes);
	return arr;
}

static void
free_plan_work(void *arg)
{
	WhPlan	   *p = arg;

	SPI_freeplan(p->plan);
	pfree(p->argtypes);
	pfree(p->infuncs);
	pfree(p->typioparams);
	if (p->outfuncs != NULL)
	{
		pfree(p->outfuncs);
		pfree(p->outtypes);
	}
	pfree(p);
}

static void JNICALL
bridge_free_plan(JNIEnv *env, jclass cls, jlong handle)
{
	if (!check_main_thread(env))
		return;
	(void) run_guarded(env, false, free_plan_work, (void *) (uintptr_t) handle);
}

typedef struct ExecArgs
{
	WhPlan	   *plan;
	char	   *params;
	int			params_len;
	long		max_rows;
	bool		as_owner;
	char	   *cursor;
	int			count;
	StringInfoData out;
} ExecArgs;

static void
execute_work(void *arg)
{
	ExecArgs   *a = arg;
	Datum	   *values;
	char	   *nulls;
	int			rc;

	Oid			saved_user;
	int			saved_context;

	bind_params(a->plan, a->params, a->params_len, &values, &nulls);
	start_capture();
	GetUserIdAndSecContext(&saved_user, &saved_context);
	/* The host's own bookkeeping runs as the bootstrap superuser, as a SECURITY DEFINER function would. */
	if (a->as_owner)
		SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID,
							   saved_context | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	rc = SPI_execute_plan(a->plan->plan, values, nulls, false, a->max_rows);
	SetUserIdAndSecContext(saved_user, saved_context);
	stop_capture();
	if (rc < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("SPI_execute_plan failed: %s", SPI_result_code_string(rc))));
	initStringInfo(&a->out);
	encode_result(&a->out, rc, SPI_processed, SPI_tuptable, a->plan);
	SPI_freetuptable(SPI_tuptable);
}

static jbyteArray
finish_bytes(JNIEnv *env, ExecArgs *a)
{
	jbyteArray	arr = to_java_bytes(env, &a->out);

	MemoryContextReset(native_cxt);
	return arr;
}

static jbyteArray JNICALL
bridge_execute(JNIEnv *env, jclass cls, jlong handle, jbyteArray params, jlong max_rows, jboolean as_owner)
{
	ExecArgs	a = {0};

	if (!check_main_thread(env))
		return NULL;
	a.plan = (WhPlan *) (uintptr_t) handle;
	a.max_rows = max_rows;
	a.as_owner = as_owner;
	a.params = from_java_bytes(env, params, &a.params_len);
	if (a.params == NULL)
		return NULL;
	if (!run_guarded(env, true, execute_work, &a))
		return NULL;
	return finish_bytes(env, &a);
}

static void
open_cursor_work(void *arg)
{
	ExecArgs   *a = arg;
	Datum	   *values;
	char	   *nulls;
	Portal		portal;

	bind_params(a->plan, a->params, a->params_len, &values, &nulls);
	portal = SPI_cursor_open(NULL, a->plan->plan, values, nulls, false);
	a->cursor = pstrdup(portal->name);
}

static jstring JNICALL
bridge_open_cursor(JNIEnv *env, jclass cls, jlong handle, jbyteArray params)
{
	ExecArgs	a = {0};
	jstring		name;

	if (!check_main_thread(env))
		return NULL;
	a.plan = (WhPlan *) (uintptr_t) handle;
	a.params = from_java_bytes(env, params, &a.params_len);
	if (a.params == NULL)
		return NULL;
	if (!run_guarded(env, true, open_cursor_work, &a))
		return NULL;
	name = (*env)->NewStringUTF(env, a.cursor);
	MemoryContextReset(native_cxt);
	return name;
}

static Portal
find_cursor(const char *name)
{
	Portal		portal = SPI_cursor_find(name);

	if (portal == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_CURSOR),
				 errmsg("cursor \"%s\" does not exist", name)));
	return portal;
}

static void
fetch_work(void *arg)
{
	ExecArgs   *a = arg;
	Portal		portal = find_cursor(a->cursor);

	start_capture();
	SPI_cursor_fetch(portal, true, a->count);
	stop_capture();
	initStringInfo(&a->out);
	encode_result(&a->out, SPI_OK_FETCH, SPI_processed, SPI_tuptable, NULL);
	SPI_freetuptable(SPI_tuptable);
}

static void
close_cursor_work(void *arg)
{
	ExecArgs   *a = arg;

	SPI_cursor_close(find_cursor(a->cursor));
}

static bool
cursor_args(JNIEnv *env, jstring cursor, ExecArgs *a)
{
	const char *utf = (*env)->GetStringUTFChars(env, cursor, NULL);

	if (utf == NULL)
		return false;
	a->cursor = MemoryContextStrdup(native_cxt, utf);
	(*env)->ReleaseStringUTFChars(env, cursor, utf);
	return true;
}

static jbyteArray JNICALL
bridge_fetch(JNIEnv *env, jclass cls, jstring cursor, jint count)
{
	ExecArgs	a = {0};

	if (!check_main_thread(env) || !cursor_args(env, cursor, &a))
		return NULL;
	a.count = count;
	if (!run_guarded(env, true, fetch_work, &a))
		return NULL;
	return finish_bytes(env, &a);
}

static void JNICALL
bridge_close_cursor(JNIEnv *env, jclass cls, jstring cursor)
{
	ExecArgs	a = {0};

	if (!check_main_thread(env) || !cursor_args(env, cursor, &a))
		return;
	(void) run_guarded(env, true, close_cursor_work, &a);
	MemoryContextReset(native_cxt);
}

/* ---- Subtransactions begun by Java (JDBC savepoints, the call's own) ---- */

static void
begin_subxact_work(void *arg)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;

	if (nsubxacts >= MAX_JAVA_SUBXACTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more than %d nested savepoints", MAX_JAVA_SUBXACTS)));
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	subxacts[nsubxacts].level = GetCurrentTransactionNestLevel();
	subxacts[nsubxacts].cxt = cxt;
	subxacts[nsubxacts].owner = owner;
	nsubxacts++;
}

static jint JNICALL
bridge_begin_subxact(JNIEnv *env, jclass cls)
{
	if (!check_main_thread(env))
		return 0;
	if (!run_guarded(env, false, begin_subxact_work, NULL))
		return 0;
	return subxacts[nsubxacts - 1].level;
}

typedef struct EndArgs
{
	int			level;
	bool		commit;
} EndArgs;

/*
 * Ends the subtransaction at level and, as RELEASE and ROLLBACK TO do for
 * savepoints, every one begun inside it.
 */
static void
end_subxact_work(void *arg)
{
	EndArgs    *a = arg;
	int			i = nsubxacts - 1;

	while (i >= 0 && subxacts[i].level != a->level)
		i--;
	if (i < 0 || GetCurrentTransactionNestLevel() < a->level)
		ereport(ERROR,
				(errcode(ERRCODE_S_E_INVALID_SPECIFICATION),
				 errmsg("subtransaction %d is not open", a->level)));
	while (GetCurrentTransactionNestLevel() >= a->level)
	{
		if (a->commit)
			ReleaseCurrentSubTransaction();
		else
			RollbackAndReleaseCurrentSubTransaction();
	}
	MemoryContextSwitchTo(subxacts[i].cxt);
	CurrentResourceOwner = subxacts[i].owner;
	nsubxacts = i;
}

static void
end_subxact(JNIEnv *env, jint level, bool commit)
{
	EndArgs		a = {level, commit};

	if (!check_main_thread(env))
		return;
	(void) run_guarded(env, false, end_subxact_work, &a);
}

static void JNICALL
bridge_release_subxact(JNIEnv *env, jclass cls, jint level)
{
	end_subxact(env, level, true);
}

static void JNICALL
bridge_rollback_subxact(JNIEnv *env, jclass cls, jint level)
{
	end_subxact(env, level, false);
}

/* ---- The session ---- */

/* Installing new bundles takes the privileges of wormhole_install (superusers have them). */
static bool
may_install(Oid role)
{
	Oid			installer = get_role_oid("wormhole_install", true);

	return superuser_arg(role) || (OidIsValid(installer) && has_privs_of_role(role, installer));
}

static jlong JNICALL
bridge_session(JNIEnv *env, jclass cls)
{
	Oid			role = GetUserId();
	jlong		state = (jlong) role;

	if (!check_main_thread(env))
		return 0;
	/* superuser_arg reads the syscache, which cannot fail for the current role. */
	if (superuser_arg(role))
	{
		state |= ((jlong) 1) << 32;
		if (wormhole_trusted)
			state |= ((jlong) 1) << 33;
	}
	if (may_install(role))
		state |= ((jlong) 1) << 34;
	return state;
}

/* ---- Interrupts and messages ---- */

static jboolean JNICALL
bridge_interrupt_pending(JNIEnv *env, jclass cls)
{
	return InterruptPending ? JNI_TRUE : JNI_FALSE;
}

static void
interrupts_work(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

static jboolean JNICALL
bridge_process_interrupts(JNIEnv *env, jclass cls)
{
	if (!check_main_thread(env))
		return JNI_TRUE;
	/* Leave cancel and termination to PostgreSQL once the call has unwound. */
	if (QueryCancelPending || ProcDiePending)
		return JNI_TRUE;
	if (!run_guarded(env, true, interrupts_work, NULL))
	{
		(*env)->ExceptionClear(env);
		return JNI_TRUE;
	}
	return JNI_FALSE;
}

static void JNICALL
bridge_arm_timeout(JNIEnv *env, jclass cls, jint millis)
{
	if (!check_main_thread(env))
		return;
	if (!query_timeout_registered)
	{
		query_timeout_id = RegisterTimeout(USER_TIMEOUT, query_timeout_handler);
		query_timeout_registered = true;
	}
	query_timed_out = false;
	enable_timeout_after(query_timeout_id, millis);
}

/* Disarms the query timeout; returns whether it failed the statement. */
static jboolean JNICALL
bridge_disarm_timeout(JNIEnv *env, jclass cls)
{
	bool		fired;

	if (!check_main_thread(env) || !query_timeout_registered)
		return JNI_FALSE;
	disable_timeout(query_timeout_id, false);
	/* Fired as the statement finished: the cancel it raised has nothing left to stop. */
	if (get_timeout_indicator(query_timeout_id, true))
		QueryCancelPending = false;
	fired = query_timed_out;
	query_timed_out = false;
	return fired ? JNI_TRUE : JNI_FALSE;
}

typedef struct NoticeArgs
{
	int			level;
	char	   *message;
} NoticeArgs;

static void
notice_work(void *arg)
{
	NoticeArgs *a = arg;
	static const int levels[] = {NOTICE, WARNING, INFO, LOG};
	char	   *text = pg_any_to_server(a->message, strlen(a->message), PG_UTF8);

	ereport(levels[a->level], (errmsg_internal("%s", text)));
}

static void JNICALL
bridge_notice(JNIEnv *env, jclass cls, jint level, jbyteArray message)
{
	NoticeArgs	a;
	int			len;

	if (!check_main_thread(env))
		return;
	if (level < 0 || level > 3)
	{
		(*env)->ThrowNew(env, (*env)->FindClass(env, "java/lang/IllegalArgumentException"), "unknown message level");
		return;
	}
	a.level = level;
	a.message = from_java_bytes(env, message, &len);
	if (a.message == NULL)
		return;
	(void) run_guarded(env, false, notice_work, &a);
	MemoryContextReset(native_cxt);
}

bool
wh_register_natives(JNIEnv *env, jclass bridge)
{
	static JNINativeMethod methods[] = {
		{"prepare", "([B[I)J", (void *) bridge_prepare},
		{"paramTypes", "(J)[I", (void *) bridge_param_types},
		{"freePlan", "(J)V", (void *) bridge_free_plan},
		{"execute", "(J[BJZ)[B", (void *) bridge_execute},
		{"openCursor", "(J[B)Ljava/lang/String;", (void *) bridge_open_cursor},
		{"fetch", "(Ljava/lang/String;I)[B", (void *) bridge_fetch},
		{"closeCursor", "(Ljava/lang/String;)V", (void *) bridge_close_cursor},
		{"beginSubtransaction", "()I", (void *) bridge_begin_subxact},
		{"releaseSubtransaction", "(I)V", (void *) bridge_release_subxact},
		{"rollbackSubtransaction", "(I)V", (void *) bridge_rollback_subxact},
		{"interruptPending", "()Z", (void *) bridge_interrupt_pending},
		{"processInterrupts", "()Z", (void *) bridge_process_interrupts},
		{"notice", "(I[B)V", (void *) bridge_notice},
		{"armTimeout", "(I)V", (void *) bridge_arm_timeout},
		{"disarmTimeout", "()Z", (void *) bridge_disarm_timeout},
		{"session", "()J", (void *) bridge_session},
	};

	return (*env)->RegisterNatives(env, bridge, methods, lengthof(methods)) == JNI_OK &&
		!(*env)->ExceptionCheck(env);
}
