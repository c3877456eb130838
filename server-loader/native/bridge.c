/*-------------------------------------------------------------------------
 *
 * bridge.c
 *	  The natives of io.wormhole.server.pg.Bridge, Java's way back into
 *	  PostgreSQL, registered when the Java VM starts.  Each lives in the file
 *	  of its concern (see wormhole.h).
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

bool
wh_register_natives(JNIEnv *env, jclass bridge)
{
	static JNINativeMethod methods[] = {
		{"prepare", "([B[IZ)J", (void *) wh_bridge_prepare},
		{"paramTypes", "(J)[I", (void *) wh_bridge_param_types},
		{"freePlan", "(J)V", (void *) wh_bridge_free_plan},
		{"execute", "(J[BIJZI)[B", (void *) wh_bridge_execute},
		{"statementBuffer", "()Ljava/nio/ByteBuffer;", (void *) wh_bridge_statement_buffer},
		{"openCursor", "(J[B)Ljava/lang/String;", (void *) wh_bridge_open_cursor},
		{"fetch", "(Ljava/lang/String;I)[B", (void *) wh_bridge_fetch},
		{"closeCursor", "(Ljava/lang/String;)V", (void *) wh_bridge_close_cursor},
		{"beginSubtransaction", "()I", (void *) wh_bridge_begin_subxact},
		{"releaseSubtransaction", "(I)V", (void *) wh_bridge_release_subxact},
		{"rollbackSubtransaction", "(I)V", (void *) wh_bridge_rollback_subxact},
		{"interruptPending", "()Z", (void *) wh_bridge_interrupt_pending},
		{"stackLeft", "()J", (void *) wh_bridge_stack_left},
		{"processInterrupts", "()Z", (void *) wh_bridge_process_interrupts},
		{"notice", "(I[B)V", (void *) wh_bridge_notice},
		{"armTimeout", "(I)V", (void *) wh_bridge_arm_timeout},
		{"disarmTimeout", "()Z", (void *) wh_bridge_disarm_timeout},
		{"hostLimits", "()[J", (void *) wh_bridge_host_limits},
		{"reportActivity", "([B)V", (void *) wh_bridge_report_activity},
		{"countCall", "([BJZ)V", (void *) wh_bridge_count_call},
		{"writeApart", "([B)[J", (void *) wh_bridge_write_apart},
		{"maxHeap", "()J", (void *) wh_bridge_max_heap},
		{"transactionWrote", "()Z", (void *) wh_bridge_transaction_wrote},
		{"outcomeCutoff", "()J", (void *) wh_bridge_outcome_cutoff},
	};

	return (*env)->RegisterNatives(env, bridge, methods, lengthof(methods)) == JNI_OK &&
		!(*env)->ExceptionCheck(env);
}
