package dev.slipway.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TomlTablesTest {

  @Test
  void parse_pyprojectTables_stringsArraysAndInlineTables() {
    TomlTables toml = TomlTables.parse(String.join("\n",
        "# comment",
        "[project]",
        "name = \"shop\"  # trailing",
        "dependencies = [",
        "  \"flask>=3\",   # web",
        "  'gunicorn',",
        "]",
        "authors = [{ name = \"A\", email = \"a@example.org\" }]",
        "",
        "[project.scripts]",
        "shop-serve = \"shop.cli:serve\"",
        "\"quoted-name\" = 'shop.cli:other'",
        "",
        "[tool.poetry.scripts]",
        "run = { callable = \"shop:main\" }",
        "[tool.x]",
        "a.b = \"dotted\"",
        "description = \"\"\"",
        "many [lines] = here",
        "\"\"\"",
        "after = 1"));

    assertEquals(Optional.of("shop"), toml.string("project", "name"));
    assertEquals(List.of("flask>=3", "gunicorn"), toml.strings("project", "dependencies"));
    assertEquals(Map.of("shop-serve", "shop.cli:serve", "quoted-name", "shop.cli:other"), toml.table("project.scripts"));
    assertEquals(Map.of("callable", "shop:main"), toml.table("tool.poetry.scripts").get("run"));
    assertEquals(Optional.of("dotted"), toml.string("tool.x.a", "b"));
    assertEquals(Optional.of("1"), toml.string("tool.x", "after"));
  }

  @Test
  void parse_unreadableLine_skippedAndTheRestRead() {
    TomlTables toml = TomlTables.parse("[project]\n= broken\nname = \"ok\"\n");

    assertEquals(Optional.of("ok"), toml.string("project", "name"));
  }
}
