package io.wormhole.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallCostTurnsTest {
    @Test
    void everyRoundBackToBackMeasuresEachWayAtEachLengthOnceWithTheWaysSideBySide() {
        int turns = CallCostBench.turns(true);
        assertThat(turns).isEqualTo(9);
        for (int round = 0; round < 3; round++) {
            List<CallCostBench.Turn> seen = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                seen.add(CallCostBench.turn(true, round * turns + i));
            }
            assertThat(seen).doesNotHaveDuplicates().hasSize(9);
            assertThat(seen).extracting(CallCostBench.Turn::n).containsOnly(1, 2, CallCostBench.LONG_CHAIN);
            // The three ways at one length run one after the other, so their ratio compares neighbours.
            for (int i = 0; i < turns; i += 3) {
                assertThat(seen.subList(i, i + 3)).extracting(CallCostBench.Turn::way)
                        .containsExactly("remote", "plpgsql", "plainJdbc");
                assertThat(seen.subList(i, i + 3)).extracting(CallCostBench.Turn::n).containsOnly(seen.get(i).n());
            }
        }
    }

    @Test
    void afterAGapEveryRoundMeasuresEachWayOnceAtFiveLookups() {
        assertThat(CallCostBench.turns(false)).isEqualTo(3);
        for (int i = 0; i < 6; i++) {
            CallCostBench.Turn turn = CallCostBench.turn(false, i);
            assertThat(turn.way()).isEqualTo(CallCostBench.WAYS[i % 3]);
            assertThat(turn.n()).isEqualTo(5);
        }
    }
}
