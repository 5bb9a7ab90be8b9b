/** Entities and Spring Data repositories; no tenant field anywhere. */
package org.rlstenancy.sample.data;
