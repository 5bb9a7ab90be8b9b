/** The Spring Boot CRUD demo; built out in the sample app issue. */
package org.rlstenancy.sample;
