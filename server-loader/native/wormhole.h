/*-------------------------------------------------------------------------
 *
 * wormhole.h
 *	  Shared declarations of the Wormhole extension, one C file per concern:
 *
 *	  wormhole.c	GUCs and the SQL entry points (invoke, verify, ...)
 *	  jvm.c			creating the Java VM on the backend's main thread, its hooks
 *	  stack.c		the main thread's stack as the VM and PostgreSQL share it
 *	  watchdog.c	the call's state and the thread that ends a call that
 *					ignores a stop
 *	  guard.c		entering PostgreSQL from Java: thread, stack and error guard
 *	  codec.c		parameters in, results out, Java byte arrays
 *	  plans.c		prepared plans, execution, cursors (as the caller or as
 *					the extension's host role)
 *	  subxact.c		subtransactions begun from Java
 *	  notices.c		notices raised by statements, and notices sent by Java
 *	  interrupts.c	interrupts and Statement.setQueryTimeout
 *	  client.c		whether a call's client is still connected
 *	  outcomes.c	call ids: calls in progress, committed calls, lookups
 *	  host.c		who is calling, the host's limits, trust generations
 *	  activity.c	what pg_stat_activity shows while a call runs
 *	  stats.c		per-bundle call statistics in shared memory
 *	  hostwrite.c	the host's writes in a transaction of their own, run by
 *					a background worker
 *	  budget.c		the cluster's memory cap for Java VMs, admission, heap options
 *	  starts.c		how many backends start their Java VM at once
 *	  bridge.c		the table of natives of io.wormhole.server.pg.Bridge
 *	  classinit.c	classes of the JDK or the host a call left unusable
 *
 *-------------------------------------------------------------------------
 */
#ifndef WORMHOLE_H
#define WORMHOLE_H

#include "postgres.h"

#include <jni.h>
#include <pthread.h>

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "tcop/tcopprot.h"
#include "utils/elog.h"

/* GUCs (wormhole.c) */
extern char *wormhole_libjvm_path;
extern char *wormhole_classpath;
extern char *wormhole_jvm_options;
extern bool wormhole_trusted;
extern int	wormhole_stop_grace_ms;
extern int	wormhole_max_bundle_classes;
extern int	wormhole_max_class_size_kb;
extern int	wormhole_max_bundle_size_kb;
extern int	wormhole_max_result_size_kb;
extern bool wh_preloaded;

/* jvm.c */
extern JavaVM *wh_jvm;
extern JNIEnv *wh_jvm_env(void);
extern bool wh_jvm_running(void);
extern void wh_jvm_preload(void);
extern bool wh_on_main_thread(void);
extern void wh_archive_copy_begin(void);
extern void wh_archive_copy_end(bool vm_running);
extern pthread_t wh_main_thread;
extern jclass wh_entry_class;
extern jmethodID wh_entry_invoke;
extern jmethodID wh_entry_verify;
extern jmethodID wh_entry_warm;
extern jmethodID wh_entry_default_allowlist;
extern jclass wh_pg_exception_class;
extern jmethodID wh_pg_exception_from_native;
extern jclass wh_backend_class;
extern jfieldID wh_backend_stopping;

/* What a Java exception says, as PostgreSQL will report it. */
typedef struct WhJavaError
{
	char	   *sqlstate;
	char	   *message;
	char	   *detail;
	char	   *hint;
} WhJavaError;

extern void wh_describe_exception(JNIEnv *env, jthrowable exc, WhJavaError *out);

/* classinit.c */
extern bool wh_classinit_start(JNIEnv *env, const char **why);
extern char *wh_classinit_broken(JNIEnv *env, bool always);

/* host.c: what wormhole.invoke hands to Java with the frame (io.wormhole.server.pg.CallSettings) */
typedef struct WhCallSettings
{
	jlong		session;
	jlong		trust_generation;
	jlong		call_memory_limit;
	jint		max_result_bytes;
} WhCallSettings;

extern void wh_call_settings(WhCallSettings *settings);

/* stack.c */
extern char *wh_stack_xss_option(void);
extern void wh_stack_check_depth_setting(void);
extern bool wh_stack_room(const char *here, long *room);
extern long wh_stack_needed(void);
extern void wh_stack_tripwire_arm(void);
extern bool wh_stack_tripwire_touched(void);

/* watchdog.c */
extern void wh_watchdog_start(void);
extern bool wh_in_call(void);
extern void wh_call_enter_java(void);
extern void wh_call_leave_java(void);
extern bool wh_enter_pg(void);
extern void wh_leave_pg(void);
extern void wh_claim_end(void);
extern void wh_vm_ended(const char *message) pg_attribute_noreturn();
extern void wh_end_backend(int sqlerrcode, const char *message, const char *detail) pg_attribute_noreturn();

/* client.c */
extern void wh_client_check_init(void);
extern bool wh_client_check_tick(int call_ticks);

/* outcomes.c */
extern void wh_outcomes_init(void);
extern void wh_outcome_call_starts(const char *frame, Size len);

/* guard.c */
typedef struct WhNative
{
	pg_stack_base_t saved_base;
} WhNative;

typedef void (*pg_work) (void *arg);

extern MemoryContext wh_native_cxt;
extern bool wh_native_enter(JNIEnv *env, WhNative *n);
extern void wh_native_leave(WhNative *n);
/*
 * How a native's PostgreSQL work is guarded.  WH_GUARD_PLAIN: an error
 * reaches Java and is raised again when the call ends.  WH_GUARD_SUBXACT: in
 * an internal subtransaction of its own, so an error leaves the transaction
 * usable.  WH_GUARD_STATEMENT: a statement of the call, in no subtransaction
 * of its own (as pgJDBC outside auto-commit): an error rolls back the
 * innermost savepoint (or the call's own subtransaction) and further
 * statements fail with 25P02 until Java rolls back to a savepoint.
 */
typedef enum WhGuard
{
	WH_GUARD_PLAIN,
	WH_GUARD_SUBXACT,
	WH_GUARD_STATEMENT
} WhGuard;

extern bool wh_run_guarded(JNIEnv *env, WhGuard guard, pg_work work, void *arg);
extern bool wh_check_not_aborted(JNIEnv *env);
extern uint64 wh_call_rows;
extern void wh_call_begin(void);
extern void wh_call_end(void);
extern void wh_rethrow_pending_error(void);
extern void wh_throw(JNIEnv *env, const char *class_name, const char *message);
extern void wh_throw_pg(JNIEnv *env, const char *sqlstate, const char *message, const char *detail,
						const char *hint);

/* codec.c */
typedef struct WhPlan WhPlan;
extern jbyteArray wh_new_utf8_array(JNIEnv *env, const char *server_text);
extern jbyteArray wh_to_java_bytes(JNIEnv *env, StringInfo buf);
extern void wh_put_str(StringInfo out, const char *server_text);
extern char *wh_from_java_bytes(JNIEnv *env, jbyteArray arr, int *len);
extern void wh_bind_params(WhPlan *p, const char *buf, int len, Datum **values, char **nulls);
extern void wh_encode_result(StringInfo out, int status, uint64 processed, SPITupleTable *tuptable, WhPlan *wplan,
							 int32 known);
extern DestReceiver *wh_result_receiver(StringInfo out, WhPlan *wplan, int32 known);
extern uint64 wh_result_receiver_finish(DestReceiver *self, int status, uint64 spi_processed);

/* plans.c */
struct WhPlan
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
	/* The columns last described to Java, with their origins: later results with the same say so in 4 bytes. */
	TupleDesc	described;
	int32		described_id;
	Oid		   *described_tables;
	int16	   *described_columns;
	bool		as_host;
};

/* activity.c */
extern void JNICALL wh_bridge_report_activity(JNIEnv *env, jclass cls, jbyteArray text_utf8);
extern void wh_activity_init(void);
extern void wh_activity_context_push(ErrorContextCallback *callback);
extern void wh_activity_context_pop(ErrorContextCallback *callback);
extern void wh_activity_method(char *buf, Size size);
extern void wh_activity_restore(void);

/* What a statement run as host changed, to be put back (also by a subtransaction's abort). */
typedef struct WhHostScope
{
	int			nest_level;
	Oid			saved_user;
	int			saved_context;
} WhHostScope;

extern void wh_host_begin(bool as_host, WhHostScope *scope);
extern void wh_host_end(WhHostScope *scope);

/* notices.c */
extern void wh_notices_install(void);
extern void wh_start_capture(void);
extern void wh_stop_capture(void);
extern void wh_reset_capture(void);
extern void wh_encode_notices(StringInfo out);

/* subxact.c */
extern void wh_subxacts_reset(void);
extern void wh_subxacts_close(void);
extern bool wh_subxacts_abort_innermost(const char *message);
extern const char *wh_subxacts_aborted(void);

/* interrupts.c */
extern bool wh_is_query_timeout(ErrorData *edata);
extern void wh_query_timeout_reset(void);

/* stats.c */
extern void wh_stats_init(void);

/* hostwrite.c */
extern void wh_host_write_init(void);
extern PGDLLEXPORT void wh_host_write_main(Datum arg);

/* hostlimits.c */
extern int	wh_host_memory_mb(void);
extern int	wh_host_cpus(void);

/* budget.c */
extern int	wormhole_memory_cap_mb;
extern int	wormhole_max_heap_mb;
extern int	wormhole_call_memory_limit_mb;
extern void wh_budget_init(void);
extern void wh_budget_check_options(const char *options);
extern void wh_budget_admit_vm(void);
extern void wh_budget_vm_options(JavaVMOption *opts, int *n);

/* starts.c */
extern void wh_starts_init(void);
extern void wh_starts_enter(void);
extern void wh_starts_leave(void);

/* The natives, by file (registered in bridge.c). */
extern jlong JNICALL wh_bridge_prepare(JNIEnv *env, jclass cls, jbyteArray sql, jintArray types, jboolean as_host);
extern jintArray JNICALL wh_bridge_param_types(JNIEnv *env, jclass cls, jlong handle);
extern void JNICALL wh_bridge_free_plan(JNIEnv *env, jclass cls, jlong handle);
extern jbyteArray JNICALL wh_bridge_execute(JNIEnv *env, jclass cls, jlong handle, jbyteArray params,
											 jint params_length, jlong max_rows, jboolean as_host, jint known);
extern jobject JNICALL wh_bridge_shared_buffer(JNIEnv *env, jclass cls);
extern jstring JNICALL wh_bridge_open_cursor(JNIEnv *env, jclass cls, jlong handle, jbyteArray params);
extern jbyteArray JNICALL wh_bridge_fetch(JNIEnv *env, jclass cls, jstring cursor, jint count);
extern void JNICALL wh_bridge_close_cursor(JNIEnv *env, jclass cls, jstring cursor);
extern jint JNICALL wh_bridge_begin_subxact(JNIEnv *env, jclass cls);
extern void JNICALL wh_bridge_release_subxact(JNIEnv *env, jclass cls, jint level);
extern void JNICALL wh_bridge_rollback_subxact(JNIEnv *env, jclass cls, jint level);
extern jboolean JNICALL wh_bridge_interrupt_pending(JNIEnv *env, jclass cls);
extern jlong JNICALL wh_bridge_stack_left(JNIEnv *env, jclass cls);
extern jboolean JNICALL wh_bridge_process_interrupts(JNIEnv *env, jclass cls);
extern void JNICALL wh_bridge_arm_timeout(JNIEnv *env, jclass cls, jint millis);
extern jboolean JNICALL wh_bridge_disarm_timeout(JNIEnv *env, jclass cls);
extern void JNICALL wh_bridge_notice(JNIEnv *env, jclass cls, jint level, jbyteArray message);
extern jlongArray JNICALL wh_bridge_host_limits(JNIEnv *env, jclass cls);
extern void JNICALL wh_bridge_count_call(JNIEnv *env, jclass cls, jbyteArray hash, jlong nanos,
										 jboolean failed);
extern jlongArray JNICALL wh_bridge_write_apart(JNIEnv *env, jclass cls, jbyteArray script);
extern jlong JNICALL wh_bridge_max_heap(JNIEnv *env, jclass cls);
extern jboolean JNICALL wh_bridge_transaction_wrote(JNIEnv *env, jclass cls);
extern jlong JNICALL wh_bridge_outcome_cutoff(JNIEnv *env, jclass cls);
extern bool wh_register_natives(JNIEnv *env, jclass bridge);

/* bridge.c: what crosses between C and Java without arrays (Java's SharedBuffer) */
#define WH_SHARED_BUFFER_SIZE 8192
extern char wh_shared_buffer[WH_SHARED_BUFFER_SIZE];
extern bool wh_shared_buffer_put(const char *data, int len);
extern int	wh_shared_buffer_length(void);

#endif							/* WORMHOLE_H */
