/*-------------------------------------------------------------------------
 *
 * codec.c
 *	  Parameters in and results out, in the byte layouts of Params.java and
 *	  SpiResult.java, and Java byte arrays.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"

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

/*
 * A parameter Java sent as its value (Params.Writer.fixed): only for the
 * types it is sent for, and within the type's range (Java sends it from a
 * value of that type).
 */
static Datum
fixed_param(Oid type, int64 value, int index)
{
	switch (type)
	{
		case BOOLOID:
			return BoolGetDatum(value != 0);
		case INT2OID:
			if (value >= PG_INT16_MIN && value <= PG_INT16_MAX)
				return Int16GetDatum((int16) value);
			break;
		case INT4OID:
			if (value >= PG_INT32_MIN && value <= PG_INT32_MAX)
				return Int32GetDatum((int32) value);
			break;
		case INT8OID:
			return Int64GetDatum(value);
		default:
			ereport(ERROR,
					(errcode(ERRCODE_PROTOCOL_VIOLATION),
					 errmsg("parameter $%d of type %u was sent as a fixed-width value", index + 1, type)));
	}
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value " INT64_FORMAT " is out of range for parameter $%d of type %s", value, index + 1,
					format_type_be(type))));
	pg_unreachable();
}

/* Reads the parameter layout of Params.java into datums for plan. */
void
wh_bind_params(WhPlan *p, const char *buf, int len, Datum **values, char **nulls)
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

		if (vlen == -2)
		{
			(*nulls)[i] = ' ';
			(*values)[i] = fixed_param(p->argtypes[i], (int64) pq_getmsgint64(&in), i);
		}
		else if (vlen < 0)
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

/* A string as UTF-8 with its length (-1: NULL), as PostgreSQL would send it to a UTF-8 client. */
void
wh_put_str(StringInfo out, const char *server_text)
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

/* Whether desc and its origins are what Java holds as description known of the plan. */
static bool
described_before(WhPlan *p, int32 known, TupleDesc desc, const Oid *tables, const int16 *columns)
{
	return p != NULL && p->described != NULL && known == p->described_id && equalTupleDescs(desc, p->described) &&
		memcmp(tables, p->described_tables, sizeof(Oid) * desc->natts) == 0 &&
		memcmp(columns, p->described_columns, sizeof(int16) * desc->natts) == 0;
}

static void
remember_description(WhPlan *p, TupleDesc desc, const Oid *tables, const int16 *columns)
{
	static int32 last_id = 0;
	MemoryContext old;

	if (p->described != NULL)
	{
		FreeTupleDesc(p->described);
		pfree(p->described_tables);
		pfree(p->described_columns);
	}
	old = MemoryContextSwitchTo(TopMemoryContext);
	p->described = CreateTupleDescCopy(desc);
	p->described_tables = palloc(sizeof(Oid) * Max(desc->natts, 1));
	p->described_columns = palloc(sizeof(int16) * Max(desc->natts, 1));
	MemoryContextSwitchTo(old);
	memcpy(p->described_tables, tables, sizeof(Oid) * desc->natts);
	memcpy(p->described_columns, columns, sizeof(int16) * desc->natts);
	last_id = last_id == PG_INT32_MAX ? 1 : last_id + 1;
	p->described_id = last_id;
}

/*
 * The width of a column sent in binary (big-endian), 0 for text: the
 * fixed-width built-in types whose text Java writes exactly as their output
 * functions do.  A domain over one of them is sent as text.
 */
static int
binary_width(Oid type)
{
	switch (type)
	{
		case BOOLOID:
			return 1;
		case INT2OID:
			return 2;
		case INT4OID:
		case OIDOID:
			return 4;
		case INT8OID:
			return 8;
		default:
			return 0;
	}
}

static void
put_binary(StringInfo out, int width, Datum d)
{
	pq_sendint32(out, width);
	switch (width)
	{
		case 1:
			pq_sendbyte(out, DatumGetBool(d) ? 1 : 0);
			break;
		case 2:
			pq_sendint16(out, DatumGetInt16(d));
			break;
		case 4:
			pq_sendint32(out, DatumGetUInt32(d));
			break;
		default:
			pq_sendint64(out, DatumGetInt64(d));
			break;
	}
}

/*
 * The column section of the layout SpiResult.java reads, and what encoding
 * the rows then needs: each column's output function and binary width.  Each
 * description of a plan's columns gets an id, sent with it; when Java says it
 * holds the plan's latest (known) and the columns have not changed, the
 * section is column count -2 alone, so a loop of executions decodes them once.
 */
static void
put_columns(StringInfo out, TupleDesc desc, WhPlan *wplan, int32 known, FmgrInfo **outfuncs, int **widths)
{
	int			natts = desc->natts;
	Oid		   *tables = palloc(sizeof(Oid) * Max(natts, 1));
	int16	   *columns = palloc(sizeof(int16) * Max(natts, 1));

	*outfuncs = output_functions(wplan, desc);
	*widths = palloc(sizeof(int) * Max(natts, 1));
	for (int c = 0; c < natts; c++)
		(*widths)[c] = binary_width(TupleDescAttr(desc, c)->atttypid);

	column_origins(wplan ? wplan->plan : NULL, natts, tables, columns);
	if (described_before(wplan, known, desc, tables, columns))
		pq_sendint32(out, -2);
	else
	{
		if (wplan != NULL)
			remember_description(wplan, desc, tables, columns);
		pq_sendint32(out, natts);
		pq_sendint32(out, wplan != NULL ? wplan->described_id : 0);
		for (int c = 0; c < natts; c++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, c);
			int32		typmod = att->atttypmod;

			/* As the protocol's RowDescription does: a domain column is described by its base type. */
			Oid			type = getBaseTypeAndTypmod(att->atttypid, &typmod);

			wh_put_str(out, NameStr(att->attname));
			pq_sendint32(out, type);
			pq_sendint32(out, typmod);
			pq_sendint32(out, tables[c]);
			pq_sendint16(out, columns[c]);
			pq_sendbyte(out, (*widths)[c] > 0 ? 1 : 0);
		}
	}
	pfree(tables);
	pfree(columns);
}

static void
put_row(StringInfo out, int natts, const Datum *values, const bool *isnull, const int *widths, FmgrInfo *outfuncs)
{
	for (int c = 0; c < natts; c++)
	{
		if (isnull[c])
			pq_sendint32(out, -1);
		else if (widths[c] > 0)
			put_binary(out, widths[c], values[c]);
		else
		{
			char	   *text = OutputFunctionCall(&outfuncs[c], values[c]);

			wh_put_str(out, text);
			pfree(text);
		}
	}
}

/* Encodes a tuple table (a cursor's fetch, a script's last result) in the layout SpiResult.java reads. */
void
wh_encode_result(StringInfo out, int status, uint64 processed, SPITupleTable *tuptable, WhPlan *wplan,
				 int32 known)
{
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
		FmgrInfo   *outfuncs;
		int		   *widths;
		Datum	   *values = palloc(sizeof(Datum) * Max(natts, 1));
		bool	   *isnull = palloc(sizeof(bool) * Max(natts, 1));

		put_columns(out, desc, wplan, known, &outfuncs, &widths);
		pq_sendint32(out, (int32) tuptable->numvals);
		for (uint64 r = 0; r < tuptable->numvals; r++)
		{
			heap_deform_tuple(tuptable->vals[r], desc, values, isnull);
			put_row(out, natts, values, isnull, widths, outfuncs);
		}
	}
	wh_encode_notices(out);
}

/*
 * A statement's rows encoded as the executor produces them, in the layout
 * SpiResult.java reads, instead of collected in SPI's tuple table first: one
 * copy of a large result fewer, and no table to allocate for a small one.
 * The status, the count processed and the row count are filled in at the end.
 */
typedef struct ResultReceiver
{
	DestReceiver pub;
	StringInfo	out;
	WhPlan	   *plan;
	int32		known;
	int			natts;
	FmgrInfo   *outfuncs;
	int		   *widths;
	int			count_at;		/* where the row count is, -1 unless the statement returns rows */
	uint64		rows;
} ResultReceiver;

/*
 * What encoding a row allocates (output functions' text, detoasted values),
 * freed after each row as printtup does: a large result's garbage would
 * otherwise stay until its statement ended.  One for the backend: receivers
 * never nest, since Java, which runs the statements, is not re-entered.
 */
static MemoryContext row_cxt = NULL;

static void
result_startup(DestReceiver *self, int operation, TupleDesc desc)
{
	ResultReceiver *r = (ResultReceiver *) self;

	r->natts = desc->natts;
	put_columns(r->out, desc, r->plan, r->known, &r->outfuncs, &r->widths);
	r->count_at = r->out->len;
	pq_sendint32(r->out, 0);
	if (row_cxt == NULL)
		row_cxt = AllocSetContextCreate(TopMemoryContext, "wormhole result row", ALLOCSET_SMALL_SIZES);
}

static bool
result_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ResultReceiver *r = (ResultReceiver *) self;
	MemoryContext old;

	if (r->rows == PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a statement's result through JDBC holds at most %d rows", PG_INT32_MAX),
				 errhint("Read it with a fetch size (Statement.setFetchSize).")));
	slot_getallattrs(slot);
	old = MemoryContextSwitchTo(row_cxt);
	put_row(r->out, r->natts, slot->tts_values, slot->tts_isnull, r->widths, r->outfuncs);
	MemoryContextSwitchTo(old);
	MemoryContextReset(row_cxt);
	r->rows++;
	return true;
}

static void
result_shutdown(DestReceiver *self)
{
}

static void
result_destroy(DestReceiver *self)
{
}

/* A receiver that encodes into out (initialized), for the plan's statement. */
DestReceiver *
wh_result_receiver(StringInfo out, WhPlan *wplan, int32 known)
{
	ResultReceiver *r = palloc0(sizeof(ResultReceiver));

	r->pub.receiveSlot = result_receive;
	r->pub.rStartup = result_startup;
	r->pub.rShutdown = result_shutdown;
	r->pub.rDestroy = result_destroy;
	/* Neither DestNone (SPI would then report a SELECT as a utility) nor DestSPI (no tuple table is kept). */
	r->pub.mydest = DestTuplestore;
	r->out = out;
	r->plan = wplan;
	r->known = known;
	pq_sendint32(out, 0);
	pq_sendint64(out, 0);
	r->count_at = -1;
	return &r->pub;
}

/*
 * Completes the receiver's encoding once the statement ran with SPI status
 * status, and returns the rows processed: the rows returned when it returned
 * any (SPI counts none for a utility statement such as EXPLAIN), else SPI's.
 */
uint64
wh_result_receiver_finish(DestReceiver *self, int status, uint64 spi_processed)
{
	ResultReceiver *r = (ResultReceiver *) self;
	uint64		processed = r->count_at >= 0 ? r->rows : spi_processed;
	uint32		n32;
	uint64		n64;

	if (r->count_at < 0)
	{
		pq_sendint32(r->out, -1);
		pq_sendint32(r->out, 0);
	}
	else
	{
		n32 = pg_hton32((uint32) r->rows);
		memcpy(r->out->data + r->count_at, &n32, sizeof(n32));
	}
	n32 = pg_hton32((uint32) status);
	memcpy(r->out->data, &n32, sizeof(n32));
	n64 = pg_hton64(processed);
	memcpy(r->out->data + sizeof(n32), &n64, sizeof(n64));
	wh_encode_notices(r->out);
	return processed;
}

jbyteArray
wh_to_java_bytes(JNIEnv *env, StringInfo buf)
{
	jbyteArray	arr = (*env)->NewByteArray(env, buf->len);

	if (arr != NULL)
		(*env)->SetByteArrayRegion(env, arr, 0, buf->len, (const jbyte *) buf->data);
	return arr;
}

/* Copies a Java byte[] into native memory; NULL with an exception pending on failure. */
char *
wh_from_java_bytes(JNIEnv *env, jbyteArray arr, int *len)
{
	jsize		n;
	char	   *buf;

	if (arr == NULL)
	{
		wh_throw(env, "java/lang/NullPointerException", "null byte array");
		return NULL;
	}
	n = (*env)->GetArrayLength(env, arr);
	buf = MemoryContextAlloc(wh_native_cxt, n + 1);
	(*env)->GetByteArrayRegion(env, arr, 0, n, (jbyte *) buf);
	if ((*env)->ExceptionCheck(env))
		return NULL;
	buf[n] = '\0';
	*len = n;
	return buf;
}
