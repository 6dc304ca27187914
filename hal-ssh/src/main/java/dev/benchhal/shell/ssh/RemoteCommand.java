package dev.benchhal.shell.ssh;

import dev.benchhal.shell.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an argument-list {@link Command} into the one string an SSH exec request carries. Every
 * part the caller gave (arguments, environment values, working directory) travels as a single-quoted
 * positional parameter of a fixed POSIX {@code sh} script, so no user data is ever parsed as shell
 * syntax. The script reports on stderr, before the command runs, either {@code benchhal-pid N}
 * (so a timeout can kill the process tree) or why it could not start.
 */
final class RemoteCommand {

    static final String PID_MARKER = "benchhal-pid ";
    static final String NOT_FOUND_MARKER = "benchhal-notfound";
    static final String NO_CWD_MARKER = "benchhal-nocwd";

    /** $1 working directory or empty, $2 number of NAME=VALUE pairs, then the pairs, then argv. */
    private static final String SCRIPT = "cwd=$1; n=$2; shift 2; "
            + "while [ \"$n\" -gt 0 ]; do export \"$1\"; shift; n=$((n-1)); done; "
            + "if [ -n \"$cwd\" ]; then cd \"$cwd\" 2>/dev/null || { echo " + NO_CWD_MARKER + " >&2; exit 126; }; fi; "
            + "command -v \"$1\" >/dev/null 2>&1 || { echo " + NOT_FOUND_MARKER + " >&2; exit 127; }; "
            + "echo \"" + PID_MARKER + "$$\" >&2; \"$@\"; exit $?";

    /** Kills a process and its descendants, children first found, all with SIGKILL. */
    private static final String KILL_TREE = "tree() { for c in $(ps -A -o pid= -o ppid= 2>/dev/null "
            + "| awk -v p=\"$1\" '$2==p {print $1}'); do tree \"$c\"; done; echo \"$1\"; }; "
            + "kill -KILL $(tree \"$1\") 2>/dev/null; exit 0";

    private RemoteCommand() {
    }

    /**
     * @param c the command
     * @return the exec string
     */
    static String build(Command c) {
        List<String> words = new ArrayList<>(List.of("sh", "-c", quote(SCRIPT), "benchhal",
                quote(c.workingDirectory().orElse("")), Integer.toString(c.environment().size())));
        for (Map.Entry<String, String> e : c.environment().entrySet()) {
            words.add(quote(e.getKey() + "=" + e.getValue()));
        }
        for (String arg : c.argv()) {
            words.add(quote(arg));
        }
        return String.join(" ", words);
    }

    /**
     * @param pid a remote process id reported by the script
     * @return the exec string that kills its tree
     */
    static String killTree(long pid) {
        return "sh -c " + quote(KILL_TREE) + " benchhal " + pid;
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
