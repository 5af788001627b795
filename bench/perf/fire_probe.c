/* The fire-latency probe (bench/perf): its first instruction reads CLOCK_REALTIME and appends
   "PXL_RUN_ID nanoseconds" to the file named by its first argument. Compiled at bench time. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (argc < 2) {
        return 2;
    }

    const char *run = getenv("PXL_RUN_ID");
    char line[160];
    int length = snprintf(line, sizeof line, "%s %lld\n", run ? run : "-", (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
    int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0 || write(fd, line, (size_t)length) != length) {
        return 1;
    }

    return close(fd) == 0 ? 0 : 1;
}
