package dev.tapdeck.bench;

/** CLIXML documents for the synthesised benchmark session, shaped like pypsrp's. */
final class Synthetic {
    static final String SESSION_CAPABILITY = "<Obj RefId=\"0\"><MS><Version N=\"protocolversion\">2.3</Version>"
            + "<Version N=\"PSVersion\">2.0</Version><Version N=\"SerializationVersion\">1.1.0.1</Version></MS></Obj>";
    static final String PIPELINE_STATE = "<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">4</I32></MS></Obj>";

    private Synthetic() {
    }

    /** A CREATE_PIPELINE of three statements with named, positional and SecureString arguments. */
    static String pipeline() {
        StringBuilder statements = new StringBuilder();
        int ref = 10;
        for (String[] c : new String[][] {{"Set-Variable", "Name", "secret"}, {"Copy-Item", "Path", "C:\\temp\\a.txt"},
            {"Get-ChildItem", null, "C:\\Windows"}}) {
            statements.append("<Obj RefId=\"").append(ref++).append("\"><MS><Obj N=\"Cmds\" RefId=\"").append(ref++)
                    .append("\"><LST><Obj RefId=\"").append(ref++).append("\"><MS><S N=\"Cmd\">").append(c[0])
                    .append("</S><B N=\"IsScript\">false</B><Nil N=\"UseLocalScope\" /><Obj N=\"Args\" RefId=\"").append(ref++)
                    .append("\"><LST><Obj RefId=\"").append(ref++).append("\"><MS>")
                    .append(c[1] == null ? "<Nil N=\"N\" />" : "<S N=\"N\">" + c[1] + "</S>").append("<S N=\"V\">").append(c[2])
                    .append("</S></MS></Obj><Obj RefId=\"").append(ref++).append("\"><MS><S N=\"N\">Value</S><SS N=\"V\">")
                    .append("QUJDREVGR0hJSktMTU5PUA==</SS></MS></Obj></LST></Obj></MS></Obj></LST></Obj></MS></Obj>");
        }
        return "<Obj RefId=\"0\"><MS><B N=\"NoInput\">false</B><Obj N=\"PowerShell\" RefId=\"1\"><MS><B N=\"IsNested\">false</B>"
                + "<Obj N=\"ExtraCmds\" RefId=\"2\"><LST>" + statements + "</LST></Obj><Nil N=\"History\" />"
                + "<B N=\"RedirectShellErrorOutputPipe\">false</B></MS></Obj><B N=\"IsNested\">false</B></MS></Obj>";
    }

    /** Printable text of the given length, different per seed. */
    static String text(int seed, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + (i * 7 + seed) % 26));
        }
        return sb.toString();
    }
}
