/*-------------------------------------------------------------------------
 *
 * hostmemory.c
 *	  The memory the server may use: the machine's, or its control group's
 *	  memory limit if that is lower.
 *
 * The memory budget's defaults (budget.c) are shares of this figure.  In a
 * container the machine's memory says nothing about what the server may
 * take: a cluster limited to 2 GB on a 64 GB host would get a 16 GB default
 * cap, and the kernel's OOM killer would end a backend long before the
 * budget refused a VM.  So, as the JVM does for its own heap, the postmaster
 * reads the memory limit of its cgroup (v1 memory.limit_in_bytes or v2
 * memory.max) and of every cgroup above it up to the hierarchy's mount,
 * since a parent's limit binds its children too.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <unistd.h>

#include "storage/fd.h"

/* A line of /proc/self/mountinfo or /proc/self/cgroup is shorter than this, or ignored. */
#define LINE_MAX_LEN 4096

/* mountinfo writes space, tab, newline and backslash in paths as \ooo. */
static void
unescape_octal(char *s)
{
	char	   *out = s;

	while (*s)
	{
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7')
		{
			*out++ = (char) (((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
			s += 4;
		}
		else
			*out++ = *s++;
	}
	*out = '\0';
}

static bool
has_token(const char *list, const char *token)
{
	size_t		len = strlen(token);

	for (const char *p = list; p != NULL; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (strncmp(p, token, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

/*
 * The mount of the memory controller's hierarchy: v1's "cgroup" mount with
 * the memory option, else the v2 ("cgroup2") mount.  Fills root (the
 * hierarchy's path that is mounted there) and mountpoint; v2 says which.
 */
static bool
find_memory_mount(char *root, char *mountpoint, bool *v2)
{
	FILE	   *f = AllocateFile("/proc/self/mountinfo", "r");
	char		line[LINE_MAX_LEN];
	bool		found_v2 = false;

	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL)
	{
		char	   *fields[32];
		char	   *fstype = NULL;
		char	   *superopts = NULL;
		char	   *save = NULL;
		int			n = 0;

		for (char *tok = strtok_r(line, " \n", &save); tok != NULL && n < lengthof(fields);
			 tok = strtok_r(NULL, " \n", &save))
			fields[n++] = tok;
		/* Six fields, optional ones, "-", then the file system type, the source and the super options. */
		for (int i = 6; i + 3 < n; i++)
			if (strcmp(fields[i], "-") == 0)
			{
				fstype = fields[i + 1];
				superopts = fields[i + 3];
				break;
			}
		if (fstype == NULL)
			continue;
		if (strcmp(fstype, "cgroup") == 0 && has_token(superopts, "memory"))
		{
			strlcpy(root, fields[3], MAXPGPATH);
			strlcpy(mountpoint, fields[4], MAXPGPATH);
			*v2 = false;
			FreeFile(f);
			unescape_octal(root);
			unescape_octal(mountpoint);
			return true;
		}
		if (strcmp(fstype, "cgroup2") == 0 && !found_v2)
		{
			strlcpy(root, fields[3], MAXPGPATH);
			strlcpy(mountpoint, fields[4], MAXPGPATH);
			found_v2 = true;
		}
	}
	FreeFile(f);
	if (!found_v2)
		return false;
	unescape_octal(root);
	unescape_octal(mountpoint);
	*v2 = true;
	return true;
}

/* This process's cgroup in the memory hierarchy (v1) or the unified one (v2). */
static bool
find_own_cgroup(bool v2, char *path)
{
	FILE	   *f = AllocateFile("/proc/self/cgroup", "r");
	char		line[LINE_MAX_LEN];
	bool		found = false;

	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL)
	{
		/* hierarchy-ID:controller-list:cgroup-path; the path may hold ':' itself. */
		char	   *controllers = strchr(line, ':');
		char	   *cgroup = controllers ? strchr(controllers + 1, ':') : NULL;

		if (cgroup == NULL)
			continue;
		*cgroup++ = '\0';
		controllers++;
		cgroup[strcspn(cgroup, "\n")] = '\0';
		if (v2 ? strncmp(line, "0", 2) == 0 && *controllers == '\0' : has_token(controllers, "memory"))
		{
			strlcpy(path, cgroup, MAXPGPATH);
			found = true;
		}
	}
	FreeFile(f);
	return found;
}

/* The limit a cgroup directory sets, in bytes, or -1 for none (or none readable). */
static int64
read_limit(const char *dir, bool v2)
{
	char		file[MAXPGPATH * 2];
	char		value[64];
	FILE	   *f;
	char	   *end;
	unsigned long long bytes;

	snprintf(file, sizeof(file), "%s/%s", dir, v2 ? "memory.max" : "memory.limit_in_bytes");
	f = AllocateFile(file, "r");
	if (f == NULL)
		return -1;
	if (fgets(value, sizeof(value), f) == NULL)
		value[0] = '\0';
	FreeFile(f);
	errno = 0;
	bytes = strtoull(value, &end, 10);
	if (end == value || errno != 0 || bytes > (unsigned long long) PG_INT64_MAX)
		return -1;				/* "max", or v1's "unlimited" (a page count near 2^63) */
	return (int64) bytes;
}

/* The lowest memory limit of this process's cgroup and those above it, or -1 for none. */
static int64
cgroup_limit(void)
{
	char		root[MAXPGPATH];
	char		mountpoint[MAXPGPATH];
	char		cgroup[MAXPGPATH];
	char		dir[MAXPGPATH * 2];
	const char *relative;
	size_t		floor_len;
	bool		v2;
	int64		lowest = -1;

	if (!find_memory_mount(root, mountpoint, &v2) || !find_own_cgroup(v2, cgroup))
		return -1;

	/*
	 * The mount shows the hierarchy from root down (a container may see only
	 * its own part); with a cgroup namespace the process's path is already
	 * relative to it.
	 */
	relative = cgroup;
	if (strcmp(root, "/") != 0 && strncmp(cgroup, root, strlen(root)) == 0 &&
		(cgroup[strlen(root)] == '/' || cgroup[strlen(root)] == '\0'))
		relative = cgroup + strlen(root);
	snprintf(dir, sizeof(dir), "%s%s", mountpoint, relative);
	floor_len = strlen(mountpoint);
	for (;;)
	{
		int64		limit = read_limit(dir, v2);
		char	   *slash;

		if (limit >= 0 && (lowest < 0 || limit < lowest))
			lowest = limit;
		slash = strrchr(dir, '/');
		if (strlen(dir) <= floor_len || slash == NULL || (size_t) (slash - dir) < floor_len)
			break;
		*slash = '\0';
	}
	return lowest;
}

/* The machine's memory, or its cgroup's limit if lower, in MB; read once, by the postmaster at _PG_init. */
int
wh_host_memory_mb(void)
{
	long		pages = sysconf(_SC_PHYS_PAGES);
	long		page_size = sysconf(_SC_PAGESIZE);
	int64		bytes = (pages > 0 && page_size > 0) ? (int64) pages * page_size : (int64) 4096 << 20;
	int64		limit = cgroup_limit();

	if (limit >= 0 && limit < bytes)
		bytes = limit;
	return (int) Min(bytes / (1024 * 1024), (int64) INT_MAX / 2);
}
