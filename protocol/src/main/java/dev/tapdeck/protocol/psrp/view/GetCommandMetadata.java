package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValues;
import java.util.ArrayList;
import java.util.List;

/**
 * GET_COMMAND_METADATA ([MS-PSRP] 2.2.2.14): a Get-Command run through the RunspacePool.
 *
 * @param names        {@code Name}: the wildcard patterns (2.2.3.20)
 * @param commandType  {@code CommandType} flags (2.2.3.19), or null
 * @param namespaces   {@code Namespace} patterns; empty when Nil
 * @param argumentList {@code ArgumentList} (2.2.3.24); empty when Nil
 */
public record GetCommandMetadata(List<String> names, Integer commandType, List<String> namespaces, List<PsValue> argumentList)
        implements PsrpView {
    public GetCommandMetadata {
        names = List.copyOf(names);
        namespaces = List.copyOf(namespaces);
        argumentList = List.copyOf(argumentList);
    }

    static GetCommandMetadata from(PsObject o) {
        return new GetCommandMetadata(strings(o.property("Name")), PsValues.integer(o.property("CommandType")),
                strings(o.property("Namespace")), PsValues.items(o.property("ArgumentList")));
    }

    private static List<String> strings(PsValue list) {
        List<String> out = new ArrayList<>();
        for (PsValue item : PsValues.items(list)) {
            String s = PsValues.string(item);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }
}
