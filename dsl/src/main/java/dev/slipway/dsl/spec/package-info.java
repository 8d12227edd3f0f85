/**
 * The deploy.groovy language, declared as interfaces so IDEs complete it ({@code @DelegatesTo}
 * on every block). The classes behind them only record what the script calls. IntelliJ gets the
 * same from {@code dev/slipway/dsl/slipway.gdsl}, which SlipwayGdslTest holds to these interfaces.
 */
package dev.slipway.dsl.spec;
