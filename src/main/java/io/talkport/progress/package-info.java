/**
 * The read side of runs for the pages: what verification has read back so far and failures grouped by reason.
 * Reads the ledger tables only; never writes. (Design review point 3: {@code api/RunViews} and
 * {@code delivery/RunProgress} belong here too, to be moved when nobody else is editing them.)
 */
package io.talkport.progress;
