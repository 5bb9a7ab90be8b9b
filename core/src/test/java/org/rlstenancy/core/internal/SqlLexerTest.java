package org.rlstenancy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "select 1",
        "select * from notes where id = ?;",
        "  select 1 ;  \n",
        "/* leading /* nested */ comment */ select 1 /* before the end */;",
        "-- a comment ending in a carriage return\rselect 1",
        "select 'a;b', \"odd;name\" from t",
        "select 'it''s; fine'",
        "select $$a;b$$, $tag$ $$; $tag$",
        "select a$b from t where c = $1",
        "insert into t (body) values (?) returning id",
        "select 1 -- no newline; at the end",
    })
    void oneStatementFolds(String sql) {
        assertThat(SqlLexer.isSingleStatement(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        ";",
        "-- only a comment",
        "/* only a comment */ ;",
        "select 1; select 2",
        "select 1;; ",
        "select 1; -- a comment after the end makes another statement for pgJDBC",
        "select 1; /* so does this */",
        "select 1 -- carriage return ends the comment\r; select 2",
        "select 1 as \u20ac$a$; select 2 as x$a$",
        "select 'unterminated",
        "select \"unterminated",
        "select $$unterminated",
        "select 1 /* unterminated",
        "select E'a\\'; select 1'",
        "select 'a\\'; select 'b'",
        "create function f() returns int begin atomic select 1; end",
        "update t set a = 1; commit",
    })
    void anythingElseDoesNot(String sql) {
        assertThat(SqlLexer.isSingleStatement(sql)).isFalse();
    }

    @Test
    void tokensAreReadWithTheirValuesDecoded() {
        assertThat(tokens("SELECT E'it\\'s\\x41\\101\\u0042\\n', U&'d!0061t!+000061' UESCAPE '!', U&\"\\0061\" x,"
                + " 'con' -- a comment\n  'tinued' 'a''b', $tag$ $$ 'raw' $tag$, \"q\"\"n\","
                + " /* a /* nested */ one */ n$1 -- the end", false)).containsExactly(
                "WORD SELECT", "STRING it's\u0041\u0041\u0042\n", "SYMBOL ,", "STRING data", "SYMBOL ,", "NAME a",
                "WORD x", "SYMBOL ,", "STRING continued", "STRING a'b", "SYMBOL ,", "STRING  $$ 'raw' ",
                "SYMBOL ,", "NAME q\"n", "SYMBOL ,", "WORD n$1");
    }

    @Test
    void backslashesInPlainStringsAreEscapesOnlyWhenAsked() {
        assertThat(tokens("'a\\'c'", false)).containsExactly("STRING a\\", "WORD c", "STRING ");
        assertThat(tokens("'a\\'c'", true)).containsExactly("STRING a'c");
        assertThat(tokens("'a\\'b'", false)).containsExactly("STRING a\\", "STRING ");
    }

    @Test
    void whatNeverEndsRunsToTheEnd() {
        assertThat(tokens("select 'open", false)).containsExactly("WORD select", "STRING open");
        assertThat(tokens("select $x$ open", false)).containsExactly("WORD select", "STRING  open");
        assertThat(tokens("select /* open", false)).containsExactly("WORD select");
    }

    @Test
    void dollarTagsMayHoldCharactersBeyondAsciiButNotFollowAName() {
        assertThat(tokens("$é$a$é$ x$y$", false)).containsExactly("STRING a", "WORD x$y$");
    }

    private static List<String> tokens(String sql, boolean backslashStrings) {
        SqlLexer lexer = new SqlLexer(sql, backslashStrings);
        List<String> tokens = new ArrayList<>();
        while (lexer.next()) {
            tokens.add(lexer.kind() + " " + lexer.value());
        }
        return tokens;
    }
}
