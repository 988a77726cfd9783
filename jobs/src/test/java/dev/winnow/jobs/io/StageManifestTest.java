package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.input.InputException;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.cluster.ClustersManifest;
import dev.winnow.jobs.dedup.DedupManifest;
import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.jobs.importance.WeightsManifest;
import dev.winnow.jobs.select.SelectionManifest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The manifests' typed records against the published format: each file under
 * {@code src-test-resources/manifests/} is a manifest as the README's run published it before the
 * records existed (paths renamed); read as its stage's record and written again, it must come
 * back the same text, field for field and in order. A record that misnames, drops or reorders a
 * field fails here.
 */
class StageManifestTest {

  private static <B> StageManifest<B> roundTrip(String name, Class<B> body) throws IOException {
    String text = Files.readString(SharedSpark.resource("manifests/" + name + ".json"));
    StageManifest<B> m = StageManifest.of(StageManifest.JSON.readTree(text), body);
    assertEquals(text, StageManifest.JSON.writeValueAsString(m.json()), name + " as read and written again");
    return m;
  }

  @Test
  void featuresKeepTheirFormat() throws IOException {
    StageManifest<FeaturesManifest> m = roundTrip("features", FeaturesManifest.class);
    assertEquals("featurize", m.header().stage());
    assertEquals(3000, m.body().totals().docs());
    assertEquals(1, m.body().inputs().size());
    assertEquals("jsonl", m.body().inputs().get(0).format());
    assertTrue(m.body().computed().minhash());
    assertEquals("10000", m.header().config().get("featurize.buckets"));
  }

  @Test
  void weightsKeepTheirFormat() throws IOException {
    StageManifest<WeightsManifest> m = roundTrip("weights", WeightsManifest.class);
    assertEquals("log_w", m.body().targets().get(0).logWColumn());
    assertEquals(1298, m.body().totals().tooShort());
    assertEquals("150", m.body().fit().get("target_docs"));
  }

  @Test
  void clustersKeepTheirFormat() throws IOException {
    StageManifest<ClustersManifest> m = roundTrip("clusters", ClustersManifest.class);
    assertEquals(32, m.body().k());
    assertEquals(32, m.body().summaries().size());
    assertEquals(32, m.body().targetMix().tokenShare().length);
    assertNull(m.body().modelUsed());
    assertNull(m.body().semanticDuplicates());
  }

  @Test
  void dedupKeepsItsFormat() throws IOException {
    StageManifest<DedupManifest> m = roundTrip("dedup", DedupManifest.class);
    assertEquals(137, m.body().totals().duplicates());
    assertEquals(39, m.body().groupSizes().get("2"));
    assertEquals(10, m.body().largestGroups().size());
  }

  @Test
  void selectionKeepsItsFormat() throws IOException {
    StageManifest<SelectionManifest> m = roundTrip("selection", SelectionManifest.class);
    assertEquals(150, m.body().totals().keptDocs());
    assertEquals("1ea266c44884931f8bf72f0b7033f742", m.body().digests().kept());
    assertEquals(0.8014105073464237, m.body().klReduction().klReduction());
    assertEquals("is_target", m.body().precision().labelField());
    assertEquals(980, m.body().dropped().get("over_quota"));
    assertEquals("en", m.body().clusters().get(0).mainLanguage());
    assertEquals(0.8, m.body().lengthExponent());
  }

  @Test
  void aManifestOfAnotherShapeIsAnInputError() throws IOException {
    String text = Files.readString(SharedSpark.resource("manifests/dedup.json")).replace("\"bands\" : 14",
        "\"bands\" : \"fourteen\"");
    InputException e = assertThrows(InputException.class,
        () -> StageManifest.of(StageManifest.JSON.readTree(text), DedupManifest.class));
    assertTrue(e.getMessage().contains("DedupManifest"), e.getMessage());
  }
}
