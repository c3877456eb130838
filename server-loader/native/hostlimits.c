/*-------------------------------------------------------------------------
 *
 * hostlimits.c
 *	  The memory and the CPUs the server may use: the machine's, or its
 *	  control group's limits if they are lower.
 *
 * The memory budget's defaults (budget.c) are shares of the memory, and the
 * start semaphore's (starts.c) is the number of CPUs.  In a container the
 * machine's figures say nothing about what the server may take: a cluster
 * limited to 2 GB on a 64 GB host would get a 16 GB default cap, and the
 * kernel's OOM killer would end a backend long before the budget refused a
 * VM; limited to one CPU of 64, it would let 64 VMs start at once.  So, as
 * the JVM does for its own heap and thread counts, the postmaster reads the
 * limits of its cgroup (v1 memory.limit_in_bytes, cpu.cfs_quota_us over
 * cpu.cfs_period_us; v2 memory.max, cpu.max) and of every cgroup above it up
 * to the hierarchy's mount, since a parent's limit binds its children too,
 * and counts only the CPUs it may run on.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <math.h>
#include <sched.h>
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
	const char *p = list;

	for (;;)
	{
		if (strncmp(p, token, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return true;
		p = strchr(p, ',');
		if (p == NULL)
			return false;
		p++;
	}
}

/*
 * The mount of a controller's hierarchy: v1's "cgroup" mount with the
 * controller's option, else the v2 ("cgroup2") mount.  Fills root (the
 * hierarchy's path that is mounted there) and mountpoint; v2 says which.
 */
static bool
find_mount(const char *controller, char *root, char *mountpoint, bool *v2)
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
		if (strcmp(fstype, "cgroup") == 0 && has_token(superopts, controller))
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

/* This process's cgroup in the controller's hierarchy (v1) or the unified one (v2). */
static bool
find_own_cgroup(const char *controller, bool v2, char *path)
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
		if (v2 ? strncmp(line, "0", 2) == 0 && *controllers == '\0' : has_token(controllers, controller))
		{
			strlcpy(path, cgroup, MAXPGPATH);
			found = true;
		}
	}
	FreeFile(f);
	return found;
}

/* The first line of a cgroup directory's file, or false if there is none to read. */
static bool
read_line(const char *dir, const char *name, char *value, size_t size)
{
	char		file[MAXPGPATH * 2];
	FILE	   *f;
	bool		read;

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	f = AllocateFile(file, "r");
	if (f == NULL)
		return false;
	read = fgets(value, size, f) != NULL;
	FreeFile(f);
	return read;
}

/* A whole number at the start of text, or -1 for none ("max", "-1") or one beyond int64. */
static int64
leading_number(const char *text)
{
	char	   *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (end == text || errno != 0 || n > (unsigned long long) PG_INT64_MAX || *text == '-')
		return -1;
	return (int64) n;
}

/* The memory limit a cgroup directory sets, in bytes, or -1 for none. */
static double
memory_limit(const char *dir, bool v2)
{
	char		value[64];

	if (!read_line(dir, v2 ? "memory.max" : "memory.limit_in_bytes", value, sizeof(value)))
		return -1;
	/* v1 writes "no limit" as a page count near 2^63; that is never the lowest. */
	return (double) leading_number(value);
}

/* The CPUs a cgroup directory's quota allows (quota over period), or -1 for none. */
static double
cpu_limit(const char *dir, bool v2)
{
	char		value[64];
	int64		quota;
	int64		period;

	if (v2)
	{
		char	   *space;

		if (!read_line(dir, "cpu.max", value, sizeof(value)) || (space = strchr(value, ' ')) == NULL)
			return -1;
		quota = leading_number(value);
		period = leading_number(space + 1);
	}
	else
	{
		if (!read_line(dir, "cpu.cfs_quota_us", value, sizeof(value)))
			return -1;
		quota = leading_number(value);
		if (!read_line(dir, "cpu.cfs_period_us", value, sizeof(value)))
			return -1;
		period = leading_number(value);
	}
	if (quota <= 0 || period <= 0)
		return -1;
	return (double) quota / (double) period;
}

/*
 * The lowest limit that limit_of finds in this process's cgroup of the
 * controller and those above it, or -1 for none.
 */
static double
lowest_limit(const char *controller, double (*limit_of) (const char *dir, bool v2))
{
	char		root[MAXPGPATH];
	char		mountpoint[MAXPGPATH];
	char		cgroup[MAXPGPATH];
	char		dir[MAXPGPATH * 2];
	const char *relative;
	size_t		floor_len;
	bool		v2;
	double		lowest = -1;

	if (!find_mount(controller, root, mountpoint, &v2) || !find_own_cgroup(controller, v2, cgroup))
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
		double		limit = limit_of(dir, v2);
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
	double		limit = lowest_limit("memory", memory_limit);

	if (limit >= 0 && limit < (double) bytes)
		bytes = (int64) limit;
	return (int) Min(bytes / (1024 * 1024), (int64) INT_MAX / 2);
}

/*
 * The CPUs the server may use, rounded up: those it may run on, or its
 * cgroup's CPU quota if that is less.  Read once, by the postmaster at
 * _PG_init.
 */
int
wh_host_cpus(void)
{
	cpu_set_t	set;
	long		cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double		quota = lowest_limit("cpu", cpu_limit);

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		cpus = CPU_COUNT(&set);
	if (quota > 0 && quota < (double) cpus)
		cpus = (long) ceil(quota);
	return (int) Max(1, Min(cpus, 1024));
}
