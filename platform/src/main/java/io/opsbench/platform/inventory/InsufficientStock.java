package io.opsbench.platform.inventory;

import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A consume, transfer, reserve or release asked for more than the location has. */
public class InsufficientStock extends ProblemException {

    public InsufficientStock(String what, UUID partId, UUID locationId, BigDecimal requested, BigDecimal available) {
        super(ProblemCode.INSUFFICIENT_STOCK, "Only %s %s at this location; %s requested"
                .formatted(available.stripTrailingZeros().toPlainString(), what,
                        requested.stripTrailingZeros().toPlainString()),
                List.of(), Map.of("part_id", partId, "location_id", locationId,
                        "available", available.stripTrailingZeros(), "requested", requested.stripTrailingZeros()));
    }
}
