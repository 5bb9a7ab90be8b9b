/** Implementation of the starter; not API. */
package org.rlstenancy.spring.internal;
