package how.mana.ai.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fold is order-independent, idempotent and mergeable, over random histories built to collide: few fields,
 * few instants (ties), few row ids, unparseable stamps, deletes, malformed rows ({@link SyncRowArbitraries}).
 */
class RecordFoldProperties {
    @Property
    void shuffledRowsFoldToTheSameState(@ForAll("histories") List<SyncRow> rows, @ForAll long seed) {
        List<SyncRow> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(RecordFold.of(shuffled).state()).isEqualTo(RecordFold.of(rows).state());
    }

    @Property
    void duplicatedRowsChangeNothing(@ForAll("histories") List<SyncRow> rows, @ForAll long seed) {
        List<SyncRow> doubled = new ArrayList<>(rows);
        Random random = new Random(seed);
        for (SyncRow row : rows) {
            if (random.nextBoolean()) {
                doubled.add(random.nextInt(doubled.size() + 1), row);
            }
        }
        assertThat(RecordFold.of(doubled).state()).isEqualTo(RecordFold.of(rows).state());
    }

    @Property
    void mergingFoldsOfAnySplitEqualsFoldingAll(@ForAll("histories") List<SyncRow> rows,
                                                @ForAll @IntRange(min = 0, max = 30) int cut,
                                                @ForAll @IntRange(min = 0, max = 30) int overlap) {
        int at = Math.min(cut, rows.size());
        int back = Math.max(0, at - overlap);
        RecordState first = RecordFold.of(rows.subList(0, at)).state();
        RecordState second = RecordFold.of(rows.subList(back, rows.size())).state();
        RecordState all = RecordFold.of(rows).state();
        assertThat(first.merge(second)).isEqualTo(all);
        assertThat(second.merge(first)).isEqualTo(all);
        assertThat(all.merge(all)).isEqualTo(all);
    }

    @Property
    void foldingABatchOfOffersAtOnceEqualsFoldingRowByRow(@ForAll("histories") List<SyncRow> rows) {
        List<RowOffer.Fields> offers = rows.stream().map(RowOffers::of)
                .filter(RowOffer.Fields.class::isInstance).map(RowOffer.Fields.class::cast).toList();
        assertThat(RecordState.of(offers)).isEqualTo(RecordFold.of(rows).state());
    }

    @Property
    void eachFieldHoldsTheValueOfItsGreatestCandidate(@ForAll("histories") List<SyncRow> rows) {
        JsonNode record = RecordFold.of(rows).state().current().record();
        for (SyncRow row : rows) {
            if (RowOffers.of(row) instanceof RowOffer.Fields offer) {
                offer.candidates().forEach((name, candidate) -> assertThat(record.has(name)).isTrue());
            }
        }
        record.fieldNames().forEachRemaining(name -> assertThat(rows.stream()
                .map(RowOffers::of).filter(RowOffer.Fields.class::isInstance).map(RowOffer.Fields.class::cast)
                .map(o -> o.candidates().get(name)).filter(java.util.Objects::nonNull)
                .max(FieldCandidate.PRECEDENCE).orElseThrow().value()).isEqualTo(record.get(name)));
    }

    @Provide
    Arbitrary<List<SyncRow>> histories() {
        return SyncRowArbitraries.histories(List.of("alice"), List.of("m1"));
    }
}
