/* The pod sandbox's init: holds the pod's namespaces open, reaps zombies
 * (pods sharing a PID namespace reparent orphans to it) and exits on
 * SIGINT/SIGTERM. Built static so the image needs no libc. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void reap(int sig) { (void)sig; while (waitpid(-1, NULL, WNOHANG) > 0) {} }
static void quit(int sig) { (void)sig; _exit(0); }

int main(void) {
  struct sigaction reaper = {.sa_handler = reap, .sa_flags = SA_NOCLDSTOP | SA_RESTART};
  struct sigaction stopper = {.sa_handler = quit};
  sigaction(SIGCHLD, &reaper, NULL);
  sigaction(SIGINT, &stopper, NULL);
  sigaction(SIGTERM, &stopper, NULL);
  for (;;) pause();
}
