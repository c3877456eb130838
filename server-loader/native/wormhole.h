/*-------------------------------------------------------------------------
 *
 * wormhole.h
 *	  Shared declarations of the Wormhole extension: the JVM host (jvm.c),
 *	  the bridge of natives Java calls back into (bridge.c), and the SQL
 *	  entry point (wormhole.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef WORMHOLE_H
#define WORMHOLE_H

#include "postgres.h"

#include <jni.h>
#include <pthread.h>

#include "utils/elog.h"

/* GUCs (wormhole.c) */
extern char *wormhole_libjvm_path;
extern char *wormhole_classpath;
extern char *wormhole_jvm_options;
extern int	wormhole_worker_stack_kb;
extern bool wormhole_trusted;

/* jvm.c */
extern JNIEnv *wh_jvm_env(void);
extern bool wh_on_main_thread(void);
extern jclass wh_entry_class;
extern jmethodID wh_entry_invoke;
extern jmethodID wh_entry_verify;
extern jmethodID wh_entry_default_allowlist;
extern jclass wh_pg_exception_class;
extern jmethodID wh_pg_exception_from_native;

/* bridge.c */
extern bool wh_register_natives(JNIEnv *env, jclass bridge);
extern void wh_call_begin(void);
extern void wh_call_end(void);
extern void wh_rethrow_pending_error(void);
extern jbyteArray wh_new_utf8_array(JNIEnv *env, const char *server_text);

#endif							/* WORMHOLE_H */
