/** Extension points for integrations that hand out tenant-bound connections from their own connection sources. */
package org.rlstenancy.core.spi;
