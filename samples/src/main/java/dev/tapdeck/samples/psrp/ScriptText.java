package dev.tapdeck.samples.psrp;

import dev.tapdeck.protocol.clixml.PsObjects;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the script text of a Command with {@code IsScript} true (what {@code Enter-PSSession} and
 * {@code Invoke-Command -ScriptBlock} send) into statements of simple commands: statements end at {@code ;}
 * or a new line, commands are piped with {@code |}, words are split at blanks and may be quoted with
 * {@code '…'} ({@code ''} for a quote) or {@code "…"}. Every word after the command name is a positional
 * string argument, and {@code -Name value} pairs are not told apart from positionals: the built-in commands
 * only need their text. Anything fancier (variables, sub-expressions) is taken literally.
 */
final class ScriptText {
    private ScriptText() {
    }

    static List<PipelineStatement> parse(String script) {
        List<PipelineStatement> statements = new ArrayList<>();
        List<PipelineCommand> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                word = word == null ? new StringBuilder() : word;
                i = quoted(script, i, word);
            } else if (c == '|' || c == ';' || c == '\n' || c == '\r' || Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (c == '|' || c == ';' || c == '\n' || c == '\r') {
                    addCommand(commands, words);
                }
                if (c == ';' || c == '\n' || c == '\r') {
                    addStatement(statements, commands);
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        addCommand(commands, words);
        addStatement(statements, commands);
        return statements;
    }

    /** Appends the quoted text starting at {@code open}; returns the index of the closing quote. */
    private static int quoted(String s, int open, StringBuilder word) {
        char q = s.charAt(open);
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == q) {
                if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    word.append('\'');
                    i += 2;
                    continue;
                }
                return i;
            }
            word.append(c);
            i++;
        }
        return i;
    }

    private static void addCommand(List<PipelineCommand> commands, List<String> words) {
        if (words.isEmpty()) {
            return;
        }
        List<CommandArgument> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) {
            args.add(new CommandArgument(null, PsObjects.string(w)));
        }
        commands.add(new PipelineCommand(words.get(0), false, null, args));
        words.clear();
    }

    private static void addStatement(List<PipelineStatement> statements, List<PipelineCommand> commands) {
        if (!commands.isEmpty()) {
            statements.add(new PipelineStatement(commands));
            commands.clear();
        }
    }
}
