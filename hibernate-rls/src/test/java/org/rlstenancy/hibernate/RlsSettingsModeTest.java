package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.core.TenantMode;

/** {@code rls.tenancy.mode}: plain by default, citus by name, and the key settings only with signed. */
class RlsSettingsModeTest {
    @Test
    void theModeIsPlainUnlessSet() {
        assertThat(RlsSettings.config(Map.of()).mode()).isEqualTo(TenantMode.PLAIN);
    }

    @Test
    void citusIsAModeOfItsOwn() {
        assertThat(RlsSettings.config(Map.of(RlsSettings.MODE, "citus")).mode()).isEqualTo(TenantMode.CITUS);
        assertThat(RlsSettings.config(Map.of(RlsSettings.MODE, TenantMode.CITUS)).mode()).isEqualTo(TenantMode.CITUS);
    }

    @Test
    void aSigningKeyInTheCitusModeIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> RlsSettings.config(Map.of(RlsSettings.MODE, "citus", RlsSettings.SIGNING_KEY_ID, "k1")))
                .isInstanceOf(RlsTenancyException.class)
                .hasMessageContaining("rls.tenancy.mode is citus, but rls.tenancy.signing_key_id is set");
    }

    @Test
    void anUnknownModeNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> RlsSettings.config(Map.of(RlsSettings.MODE, "sharded")))
                .isInstanceOf(RlsTenancyException.class).hasMessageContaining("use plain, signed or citus");
    }
}
