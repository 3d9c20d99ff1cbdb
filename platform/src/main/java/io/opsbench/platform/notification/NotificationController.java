package io.opsbench.platform.notification;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.plugin.CapabilityCalls;
import io.opsbench.plugin.Capability;
import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsReceipt;
import io.opsbench.plugin.sms.SmsSender;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Notifications", description = "Messages sent through the tenant's installed capabilities.")
class NotificationController {

    private final CapabilityCalls capabilities;

    NotificationController(CapabilityCalls capabilities) {
        this.capabilities = capabilities;
    }

    @PostMapping(path = "/v1/notifications/sms", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Send an SMS through the tenant's sms capability",
            description = "409 `capability_unavailable` without an active sms installation; 502 `plugin_error` when "
                    + "the plugin fails or times out.")
    SentSms send(@Valid @RequestBody SmsRequest request) {
        var result = capabilities.call(Capability.SMS, SmsSender.class,
                (sender, context) -> sender.send(context, new SmsMessage(request.to(), request.body())));
        SmsReceipt receipt = result.value();
        return new SentSms(receipt.providerMessageId(), result.installationId(), result.pluginId(), result.version());
    }

    record SmsRequest(@NotNull @Pattern(regexp = "\\+[1-9][0-9]{1,14}", message = "must be an E.164 number such as +4915112345678") String to,
            @NotBlank @Size(max = 1600) String body) {
    }

    record SentSms(String providerMessageId, UUID installationId, String pluginId, String pluginVersion) {
    }
}
