/*-------------------------------------------------------------------------
 *
 * classinit.c
 *	  Classes of the JDK or the host that a call left unusable.
 *
 * A class whose static initializer fails stays unusable for the life of the
 * VM: each later use throws NoClassDefFoundError.  Shipped code can make an
 * initializer fail by running it first at the bottom of a deep recursion
 * (StackOverflowError) or with the heap nearly full (OutOfMemoryError).  A
 * bundle's own classes belong to one bundle and role, so only that code
 * suffers, as in any JVM; a class of the JDK or of the host serves every
 * later call of the backend, whoever makes it.  After a call that met such
 * an error, the host asks JVMTI for classes of the boot, platform and
 * application loaders in the error state; the backend ends when it finds
 * one, rather than fail every later call.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <jvmti.h>

static jvmtiEnv *jvmti;
static jobject platform_loader;
static jobject system_loader;
static jfieldID error_seen;

static jobject
loader_ref(JNIEnv *env, jclass class_loader, const char *getter)
{
	jmethodID	get = (*env)->GetStaticMethodID(env, class_loader, getter, "()Ljava/lang/ClassLoader;");
	jobject		local = get ? (*env)->CallStaticObjectMethod(env, class_loader, get) : NULL;
	jobject		global = local ? (*env)->NewGlobalRef(env, local) : NULL;

	if (local)
		(*env)->DeleteLocalRef(env, local);
	return global;
}

/* Looks up what the check needs, once the VM started; false with the reason in *why. */
bool
wh_classinit_start(JNIEnv *env, const char **why)
{
	jclass		class_loader = (*env)->FindClass(env, "java/lang/ClassLoader");

	if (class_loader == NULL)
	{
		*why = "finding java.lang.ClassLoader";
		return false;
	}
	platform_loader = loader_ref(env, class_loader, "getPlatformClassLoader");
	system_loader = loader_ref(env, class_loader, "getSystemClassLoader");
	(*env)->DeleteLocalRef(env, class_loader);
	if (platform_loader == NULL || system_loader == NULL || (*env)->ExceptionCheck(env))
	{
		*why = "finding the platform and system class loaders";
		return false;
	}
	error_seen = (*env)->GetStaticFieldID(env, wh_backend_class, "errorSeen", "Z");
	if (error_seen == NULL)
	{
		*why = "finding Backend.errorSeen";
		return false;
	}
	if ((*wh_jvm)->GetEnv(wh_jvm, (void **) &jvmti, JVMTI_VERSION_1_2) != JNI_OK)
	{
		*why = "getting a JVMTI environment";
		return false;
	}
	return true;
}

static bool
shared_loader(JNIEnv *env, jobject loader)
{
	return loader == NULL || (*env)->IsSameObject(env, loader, platform_loader) ||
		(*env)->IsSameObject(env, loader, system_loader);
}

/* "Ljava/lang/Foo;" as "java.lang.Foo", palloc'd. */
static char *
class_name(const char *signature)
{
	size_t		len = strlen(signature);
	char	   *name;

	if (len >= 2 && signature[0] == 'L' && signature[len - 1] == ';')
		name = pnstrdup(signature + 1, len - 2);
	else
		name = pstrdup(signature);
	for (char *c = name; *c; c++)
		if (*c == '/')
			*c = '.';
	return name;
}

/*
 * The name of a class of the JDK or the host whose initialization failed,
 * palloc'd, or NULL.  Looked for when the call that just ended met an error
 * that can make an initializer fail (Java flagged it, Backend.errorSeen), or
 * when the host's own code failed (always); a JVMTI failure is reported as if
 * a class were broken, since the VM cannot then be vouched for.  No Java
 * exception may be pending.
 */
char *
wh_classinit_broken(JNIEnv *env, bool always)
{
	jint		count = 0;
	jclass	   *classes = NULL;
	char	   *broken = NULL;

	if (jvmti == NULL)
		return NULL;
	if (!(*env)->GetStaticBooleanField(env, wh_backend_class, error_seen) && !always)
		return NULL;
	(*env)->SetStaticBooleanField(env, wh_backend_class, error_seen, JNI_FALSE);
	if ((*jvmti)->GetLoadedClasses(jvmti, &count, &classes) != JVMTI_ERROR_NONE)
		return pstrdup("(the JVM's classes could not be listed)");
	for (jint i = 0; i < count; i++)
	{
		jint		status = 0;
		jobject		loader = NULL;
		char	   *signature = NULL;

		if (broken == NULL &&
			(*jvmti)->GetClassStatus(jvmti, classes[i], &status) == JVMTI_ERROR_NONE &&
			(status & JVMTI_CLASS_STATUS_ERROR) != 0 &&
			(*jvmti)->GetClassLoader(jvmti, classes[i], &loader) == JVMTI_ERROR_NONE &&
			shared_loader(env, loader))
		{
			if ((*jvmti)->GetClassSignature(jvmti, classes[i], &signature, NULL) == JVMTI_ERROR_NONE)
			{
				broken = class_name(signature);
				(*jvmti)->Deallocate(jvmti, (unsigned char *) signature);
			}
			else
				broken = pstrdup("(a class whose name JVMTI did not give)");
		}
		if (loader != NULL)
			(*env)->DeleteLocalRef(env, loader);
		(*env)->DeleteLocalRef(env, classes[i]);
	}
	(*jvmti)->Deallocate(jvmti, (unsigned char *) classes);
	return broken;
}
