package dev.slipway.dsl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenBlocksTest {

  @Test
  void balanced_nothingOpen() {
    OpenBlocks blocks = OpenBlocks.in("service('a') { image 'x'; env A: \"${[1].collect { it }}\" }\n");

    assertEquals(List.of(), blocks.open());
    assertEquals(Optional.empty(), blocks.unclosed());
  }

  /** The } meant for service('api') closed python { }: matching alone would blame service('api'). */
  @Test
  void innerBlockLeftOpenInAnIndentedScript_blamesTheInnerBlock() {
    OpenBlocks blocks =
        OpenBlocks.in(
            """
            project 'shop'
            service('api') {
                python {
                    source 'app'

                port 8000
            }
            service('db') {
                image 'x'
            }
            """);

    assertEquals(List.of(new OpenBlocks.Brace(2, 16, "service('api') {")), blocks.open());
    assertEquals(Optional.of(new OpenBlocks.Brace(3, 12, "python {")), blocks.unclosed());
  }

  @Test
  void unindentedScript_blamesTheInnermostOpenBlock() {
    OpenBlocks blocks = OpenBlocks.in("service('api') {\npython {\nsource 'app'\n}\n");

    assertEquals(Optional.of(new OpenBlocks.Brace(1, 16, "service('api') {")), blocks.unclosed());
  }

  @Test
  void bracesInStringsCommentsAndAnUnterminatedQuote_areNotBlocks() {
    OpenBlocks blocks =
        OpenBlocks.in("#!/usr/bin/env groovy {\nenv A: '{', B: '''\n{''', C: 'it\\'s {'\n// {\n/* {\n */ def x = 'oops {\nservice('a') {\n");

    assertEquals(List.of(new OpenBlocks.Brace(7, 14, "service('a') {")), blocks.open());
  }
}
