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

/*
 * The shared buffer (Java's SharedBuffer): native memory both sides see, which
 * a call's request frame, a statement's parameters and their results cross
 * when they fit, instead of as Java arrays made and read through JNI.  Only the
 * main thread uses it, and each side copies out what it was given before the
 * next use.
 */
char		wh_shared_buffer[WH_SHARED_BUFFER_SIZE] pg_attribute_aligned(8);

jobject		JNICALL
wh_bridge_shared_buffer(JNIEnv *env, jclass cls)
{
	return (*env)->NewDirectByteBuffer(env, wh_shared_buffer, sizeof(wh_shared_buffer));
}

/* Puts len bytes into the shared buffer, after their length (big-endian); false when they do not fit. */
bool
wh_shared_buffer_put(const char *data, int len)
{
	uint32		n = pg_hton32((uint32) len);

	if (len < 0 || len > WH_SHARED_BUFFER_SIZE - (int) sizeof(n))
		return false;
	memcpy(wh_shared_buffer, &n, sizeof(n));
	memcpy(wh_shared_buffer + sizeof(n), data, len);
	return true;
}

/* The length of what Java put into the shared buffer, or -1 when it is out of bounds. */
int
wh_shared_buffer_length(void)
{
	uint32		n;

	memcpy(&n, wh_shared_buffer, sizeof(n));
	n = pg_ntoh32(n);
	return n <= WH_SHARED_BUFFER_SIZE - sizeof(n) ? (int) n : -1;
}

bool
wh_register_natives(JNIEnv *env, jclass bridge)
{
	static JNINativeMethod methods[] = {
		{"prepare", "([B[IZ)J", (void *) wh_bridge_prepare},
		{"paramTypes", "(J)[I", (void *) wh_bridge_param_types},
		{"freePlan", "(J)V", (void *) wh_bridge_free_plan},
		{"execute", "(J[BIJZI)[B", (void *) wh_bridge_execute},
		{"sharedBuffer", "()Ljava/nio/ByteBuffer;", (void *) wh_bridge_shared_buffer},
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
