package io.opsbench.platform.customer;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a client may set on a customer: the create body, and the result of applying a PATCH. */
public record CustomerFields(
        @NotBlank @Size(max = 200) String name,
        @Email @Size(min = 3, max = 320) String email,
        @Pattern(regexp = "^\\+[1-9][0-9]{1,14}$", message = "must be an E.164 number such as +4915112345678")
        String phone,
        @Size(max = 1000) String address,
        @Size(max = 10000) String notes) {
}
