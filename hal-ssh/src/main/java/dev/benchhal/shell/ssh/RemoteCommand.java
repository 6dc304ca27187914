package dev.benchhal.shell.ssh;

import dev.benchhal.shell.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an argument-list {@link Command} into the one string an SSH exec request carries. Every
 * part the caller gave (arguments, environment values, working directory) travels as a single-quoted
 * positional parameter of a fixed POSIX {@code sh} script, so no user data is ever parsed as shell
 * syntax. The script reports on stderr, before the command runs, either {@code benchhal-pid N} or why
 * it could not start.
 *
 * <p>Each run carries a random token, so a timed-out command can be found and cancelled on the host
 * whatever state it is in ({@link #cancel(String, boolean)}): the canceller leaves a tombstone named by the
 * token and kills every process of the run it finds; a script that starts later finds the tombstone
 * and runs nothing. So a command never outlives its timeout, also when the timeout came before the
 * host had started it (a slow login shell, a loaded host).
 */
final class RemoteCommand {

    static final String PID_MARKER = "benchhal-pid ";
    static final String NOT_FOUND_MARKER = "benchhal-notfound";
    static final String NO_CWD_MARKER = "benchhal-nocwd";
    /** The exit status of a run cancelled before it started, as if it had been killed by SIGKILL. */
    static final int CANCELLED_EXIT = 137;

    private static final String TOMBSTONE = "\"${TMPDIR:-/tmp}/.benchhal-cancel-";

    /** After the token line: $1 working directory or empty, $2 number of NAME=VALUE pairs, then the pairs, then argv. */
    private static final String SCRIPT = "t=" + TOMBSTONE + "$0\"; "
            // cancelled: its client is gone, so it says nothing (a write to the closed channel would be SIGPIPE)
            + "if [ -e \"$t\" ]; then rm -f \"$t\"; exit " + CANCELLED_EXIT + "; fi; "
            + "cwd=$1; n=$2; shift 2; "
            + "while [ \"$n\" -gt 0 ]; do export \"$1\"; shift; n=$((n-1)); done; "
            + "if [ -n \"$cwd\" ]; then cd \"$cwd\" 2>/dev/null || { echo " + NO_CWD_MARKER + " >&2; exit 126; }; fi; "
            + "command -v \"$1\" >/dev/null 2>&1 || { echo " + NOT_FOUND_MARKER + " >&2; exit 127; }; "
            + "echo \"" + PID_MARKER + "$$\" >&2; \"$@\"; exit $?";

    /**
     * $1 and $2 are the two halves of the token (so this script's own command line never matches it),
     * $3 is "started" when the run reported its pid. Tombstone first (unless started), then every process whose command line is the run's script is frozen with its
     * descendants (SIGSTOP, so nothing forks away while the tree is listed), then all are killed.
     * Prints the number of processes killed; with none found the tombstone stays for the script.
     */
    private static final String CANCEL = "tok=\": benchhal-run:$1$2; \"; t=" + TOMBSTONE + "$1$2\"; "
            // a run that reported its pid is past the tombstone check: no tombstone to leave for it
            + "[ \"$3\" = started ] || : > \"$t\"; "
            + "snap() { ps -A -ww -o pid= -o ppid= -o args= 2>/dev/null || ps -A -o pid= -o ppid= -o args=; }; "
            + "all=$(snap | T=\"-c $tok\" awk 'index($0, ENVIRON[\"T\"]) {printf \"%s \", $1}'); "
            + "find \"${TMPDIR:-/tmp}\" -maxdepth 1 -name '.benchhal-cancel-*' -mmin +60 -exec rm -f {} + 2>/dev/null; "
            + "if [ -z \"$all\" ]; then echo 0; exit 0; fi; "
            + "kill -STOP $all 2>/dev/null; "
            + "while :; do "
            + "kids=$(snap | S=\" $all\" awk 'index(ENVIRON[\"S\"], \" \" $2 \" \") && !index(ENVIRON[\"S\"], \" \" $1 \" \") {printf \"%s \", $1}'); "
            + "[ -n \"$kids\" ] || break; kill -STOP $kids 2>/dev/null; all=\"$all$kids\"; done; "
            + "kill -KILL $all 2>/dev/null; kill -CONT $all 2>/dev/null; rm -f \"$t\"; "
            + "set -- $all; echo $#; exit 0";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private RemoteCommand() {
    }

    /** @return a new random token for one run: 16 hex digits */
    static String newToken() {
        return String.format("%016x", RANDOM.nextLong());
    }

    /**
     * @param c the command
     * @param token the run's token from {@link #newToken()}
     * @return the exec string
     */
    static String build(Command c, String token) {
        // the token line comes first, so the run is found by its command line however long the rest is
        List<String> words = new ArrayList<>(List.of("sh", "-c", quote(": benchhal-run:" + token + "; " + SCRIPT),
                token, quote(c.workingDirectory().orElse("")), Integer.toString(c.environment().size())));
        for (Map.Entry<String, String> e : c.environment().entrySet()) {
            words.add(quote(e.getKey() + "=" + e.getValue()));
        }
        for (String arg : c.argv()) {
            words.add(quote(arg));
        }
        return String.join(" ", words);
    }

    /**
     * @param token   the token of a run that must end now
     * @param started whether the run reported its pid (it is then past the tombstone check, and a run
     *                found nowhere has ended: no tombstone is left for it)
     * @return the exec string that cancels it: kills its processes, or keeps it from starting;
     *         it prints the number of processes killed
     */
    static String cancel(String token, boolean started) {
        int half = token.length() / 2;
        return "sh -c " + quote(CANCEL) + " benchhal " + token.substring(0, half) + " " + token.substring(half)
                + (started ? " started" : " unseen");
    }

    /**
     * Single-quotes a word for a POSIX shell: {@code it's} becomes {@code 'it'"'"'s'}.
     *
     * @param s any text
     * @return the quoted word
     */
    static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
