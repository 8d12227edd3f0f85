/**
 * The deploy.groovy language, declared as interfaces so IDEs complete it ({@code @DelegatesTo}
 * on every block). The classes behind them only record what the script calls.
 */
package dev.slipway.dsl.spec;
