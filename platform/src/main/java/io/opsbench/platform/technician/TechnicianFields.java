package io.opsbench.platform.technician;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The editable fields, as a create body and as the result of a PATCH merge. */
record TechnicianFields(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email,
        @Pattern(regexp = "\\+[1-9][0-9]{1,14}", message = "must be an E.164 number such as +4915112345678") String phone,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> skills, Boolean active) {
}
