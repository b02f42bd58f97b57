/**
 * The site/device registry: regions, organizations, sites (working hours, rule overrides) and devices (report
 * intervals, kind-specific settings), read from a JSON file by {@code RegistryLoader}, which reports every mistake at
 * once. A loaded {@code Registry} is immutable; a change means loading a new one.
 */
package io.kitchenwatch.devices.registry;
