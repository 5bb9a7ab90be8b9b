/** The sample CRUD application. */
package org.rlstenancy.sample;
