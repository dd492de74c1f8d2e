package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotGraphReaderTest {

    @TempDir
    Path dir;

    /** As TLC 2.18 writes it with -dump dot,actionlabels (a three-state counter). */
    private static final String DOT = """
            strict digraph DiskGraph {
            nodesep=0.35;
            subgraph cluster_graph {
            color="white";
            11 [label="/\\\\ x = 0\\n/\\\\ f = (a :> TRUE)",style = filled]
            11 -> -22 [label="Inc",color="black",fontcolor="black"];
            -22 [label="/\\\\ x = 1\\n/\\\\ f = (a :> TRUE)"];
            -22 -> 33 [label="Inc",color="black",fontcolor="black"];
            33 [label="/\\\\ x = 2\\n/\\\\ f = (a :> FALSE)"];
            33 -> 11 [label="Reset",color="black",fontcolor="black"];
            {rank = same; 11;}
            }
            }
            """;

    @Test
    void readsStatesInitialStatesAndLabelledTransitions() throws Exception {
        Path dot = dir.resolve("g.dot");
        Files.writeString(dot, DOT);
        StateGraph g = DotGraphReader.read(dot);

        assertThat(g.stateCount()).isEqualTo(3);
        assertThat(g.initial()).containsExactly("11");
        assertThat(g.state("33")).isEqualTo(Map.of("x", 2L, "f", Map.of("a", false)));
        assertThat(g.edges()).extracting(StateGraph.Edge::action).containsExactly("Inc", "Inc", "Reset");
        assertThat(g.pathTo("33")).extracting(StateGraph.Edge::to).containsExactly("-22", "33");
        assertThat(g.pathTo("11")).isEmpty();
    }

    @Test
    void refusesADumpWithoutActionLabels() throws Exception {
        Path dot = dir.resolve("plain.dot");
        Files.writeString(dot, DOT.replace("label=\"Inc\"", "label=\"\"").replace("label=\"Reset\"", "label=\"\""));
        assertThatThrownBy(() -> DotGraphReader.read(dot)).hasMessageContaining("-dump dot,actionlabels");
        Files.writeString(dot, "digraph {}\n");
        assertThatThrownBy(() -> DotGraphReader.read(dot)).hasMessageContaining("holds no states");
    }
}
