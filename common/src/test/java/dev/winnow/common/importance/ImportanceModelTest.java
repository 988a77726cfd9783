package dev.winnow.common.importance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.hash.RandomKeys;
import dev.winnow.common.text.DocFeatures;
import dev.winnow.common.text.HashingMode;
import dev.winnow.common.text.NgramFeaturizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportanceModelTest {
  static final FeaturizerSettings SETTINGS = new FeaturizerSettings(2, 64, HashingMode.FAST);
  static final NgramFeaturizer F = new NgramFeaturizer(2, 64, HashingMode.FAST);

  static NgramCounts counts(String... texts) {
    NgramCounts c = new NgramCounts(64);
    for (String t : texts) {
      DocFeatures d = F.featurize(t);
      c.add(d.ngramIdx, d.ngramCnt);
    }
    return c;
  }

  static final NgramCounts TARGET = counts("The Congress shall assemble at least once in every year.",
      "We the people of the United States, in order to form a more perfect union.");
  static final NgramCounts RAW = counts("int main(void) { return 0; }", "ls -la /usr/bin | grep java",
      "The Congress shall assemble at least once in every year.");

  @Test
  void logRatioAndWeightsFollowTheReferenceFormula() {
    ImportanceModel m = ImportanceModel.fit(SETTINGS, TARGET, RAW, 0, 1e-8);
    double[] pt = TARGET.probabilities(0);
    double[] pr = RAW.probabilities(0);
    for (int i = 0; i < 64; i++) {
      assertEquals(Math.log(pt[i] + 1e-8) - Math.log(pr[i] + 1e-8), m.logRatio[i], 0);
    }
    assertEquals(1.0, Arrays.stream(pt).sum(), 1e-12);
    DocFeatures prose = F.featurize("The people of the United States assemble.");
    DocFeatures code = F.featurize("return 0; } int main(void)");
    assertTrue(m.logWeight(prose.ngramIdx, prose.ngramCnt) > m.logWeight(code.ngramIdx, code.ngramCnt));
  }

  @Test
  void laplaceSmoothingAddsThePseudoCountToEveryBucket() {
    double[] p = TARGET.probabilities(1);
    assertEquals((TARGET.count(0) + 1.0) / (TARGET.total() + 64.0), p[0], 1e-15);
    assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
  }

  @Test
  void emptyCorporaAndOtherSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ImportanceModel.fit(SETTINGS, new NgramCounts(64), RAW, 0, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> new NgramCounts(64).merge(new NgramCounts(65)));
    ImportanceModel m = ImportanceModel.fit(SETTINGS, TARGET, RAW, 0, 1e-8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.checkCompatible(new FeaturizerSettings(2, 64, HashingMode.DSIR)));
    assertTrue(e.getMessage().contains("featurize.hash=fast") && e.getMessage().contains("featurize.hash=dsir"));
  }

  @Test
  void theModelFileRoundTripsExactlyAndBadFilesSayWhy() throws IOException {
    ImportanceModel m = ImportanceModel.fit(SETTINGS, TARGET, RAW, 0.5, 1e-6);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    ByteArrayOutputStream vec = new ByteArrayOutputStream();
    ModelFormat.writeJson(m, 0.25, Map.of("target_docs", 2L), json);
    ModelFormat.writeVectors(m, vec);
    assertEquals(2 * 64 * 8, vec.size());
    ModelFormat.Loaded back = ModelFormat.read(new ByteArrayInputStream(json.toByteArray()),
        new ByteArrayInputStream(vec.toByteArray()), "m");
    assertArrayEquals(m.logRatio, back.model.logRatio, 0);
    assertEquals(SETTINGS, back.model.featurizer);
    assertEquals(0.25, back.proportion);
    assertEquals(0.5, back.model.targetPseudoCount);

    byte[] shortVec = Arrays.copyOf(vec.toByteArray(), vec.size() - 8);
    IOException truncated = assertThrows(IOException.class, () -> ModelFormat.read(
        new ByteArrayInputStream(json.toByteArray()), new ByteArrayInputStream(shortVec), "m"));
    assertTrue(truncated.getMessage().contains("shorter"), truncated.getMessage());
    String future = json.toString(StandardCharsets.UTF_8).replace("\"version\" : 1", "\"version\" : 9");
    IOException version = assertThrows(IOException.class, () -> ModelFormat.read(
        new ByteArrayInputStream(future.getBytes(StandardCharsets.UTF_8)), new ByteArrayInputStream(vec.toByteArray()),
        "m"));
    assertTrue(version.getMessage().contains("version 9"), version.getMessage());
    IOException notModel = assertThrows(IOException.class, () -> ModelFormat.read(
        new ByteArrayInputStream("{\"format\": \"other\"}".getBytes(StandardCharsets.UTF_8)),
        new ByteArrayInputStream(vec.toByteArray()), "m"));
    assertTrue(notModel.getMessage().contains("not a Winnow importance model"), notModel.getMessage());
  }

  @Test
  void klReductionIsPositiveForASelectionCloserToTheTarget() {
    double[] target = TARGET.probabilities(0);
    NgramCounts close = counts("We the people of the United States assemble every year.");
    NgramCounts far = counts("int main(void) { return 0; }");
    assertTrue(KlReduction.kl(target, close, 1e-8) < KlReduction.kl(target, far, 1e-8));
    assertTrue(KlReduction.reduction(target, close, far, 1e-8) > 0);
    assertEquals(0, KlReduction.reduction(target, close, close, 1e-8), 0);
  }

  @Test
  void randomKeysAreStableUniformDraws() {
    assertEquals(RandomKeys.unit(7, "doc-1"), RandomKeys.unit(7, "doc-1"));
    assertTrue(RandomKeys.unit(7, "doc-1") != RandomKeys.unit(8, "doc-1"));
    int below = 0;
    for (int i = 0; i < 10_000; i++) {
      double u = RandomKeys.unit(42, "d" + i);
      assertTrue(u >= 0 && u < 1);
      below += u < 0.3 ? 1 : 0;
    }
    assertTrue(below > 2_800 && below < 3_200, "fraction under 0.3: " + below / 10_000.0);
  }

  @Test
  void theMeanLogRatioIsTheWeightPerNgramOccurrence() {
    assertEquals(7, ImportanceModel.ngrams(new int[] {2, 4, 1}));
    assertEquals(-0.5, ImportanceModel.meanLogRatio(-3.5, 7), 1e-15);
    assertEquals(0.0, ImportanceModel.meanLogRatio(0, 0)); // no n-gram: no evidence either way
  }
}
