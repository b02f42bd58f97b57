package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.registry.RegistryChangeLog;

/**
 * What registry management writes besides the registry itself: the change log (the audit list) and the MQTT logins,
 * the same store instance the broker checks logins against, so a login issued from the page works at once.
 */
public record RegistryFiles(RegistryChangeLog changes, CredentialStore logins) {
}
