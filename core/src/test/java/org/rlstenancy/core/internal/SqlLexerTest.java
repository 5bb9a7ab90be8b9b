package org.rlstenancy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
