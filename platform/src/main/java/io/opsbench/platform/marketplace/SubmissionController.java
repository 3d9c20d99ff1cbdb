package io.opsbench.platform.marketplace;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Marketplace submissions", description = "Vendors submit plugin bundles; the operator reviews them.")
class SubmissionController {

    static final String ZIP = "application/zip";
    static final String JAR = "application/java-archive";

    private final Submissions submissions;

    SubmissionController(Submissions submissions) {
        this.submissions = submissions;
    }

    @PostMapping(path = "/v1/marketplace/submissions", consumes = {ZIP, JAR},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(Principal.Kind.VENDOR)
    @Operation(summary = "Submit a bundle", description = "The bundle is the raw body. Every automated check runs "
            + "before the answer; `status` is `pending_review` when none failed, `rejected` otherwise.")
    Submission submit(@RequestBody byte[] bundle, Principal.Vendor caller) {
        if (bundle.length == 0) {
            throw InvalidInput.pointer("", "the request body must be the bundle zip");
        }
        return submissions.submit(caller.vendorId(), bundle);
    }

    @PostMapping(path = "/v1/marketplace/submissions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(Principal.Kind.VENDOR)
    @Operation(summary = "Submit a bundle as multipart part `bundle`")
    Submission submitMultipart(@RequestPart("bundle") MultipartFile bundle, Principal.Vendor caller) {
        try {
            return submit(bundle.getBytes(), caller);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(path = "/v1/marketplace/submissions", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access({Principal.Kind.VENDOR, Principal.Kind.OPERATOR})
    @Operation(summary = "List submissions", description = "A vendor sees its own; the operator sees all.")
    Page<Submission> list(@RequestParam(required = false) SubmissionStatus status,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
            Principal caller) {
        return submissions.list(caller, status, PageRequest.of(limit, cursor, status));
    }

    @GetMapping(path = "/v1/marketplace/submissions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access({Principal.Kind.VENDOR, Principal.Kind.OPERATOR})
    @Operation(summary = "Get a submission with its check results")
    Submission get(@PathVariable UUID id, Principal caller) {
        return submissions.get(caller, id);
    }

    @PostMapping(path = "/v1/marketplace/submissions/{id}/approve", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Approve a submission", description = "Only from `pending_review`; the release joins the catalog.")
    Submission approve(@PathVariable UUID id, @Valid @RequestBody(required = false) Approval approval) {
        return submissions.approve(id, approval == null ? null : approval.notes());
    }

    @PostMapping(path = "/v1/marketplace/submissions/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Reject a submission", description = "Only from `pending_review`; `reason` is required.")
    Submission reject(@PathVariable UUID id, @Valid @RequestBody Rejection rejection) {
        return submissions.reject(id, rejection.reason());
    }

    record Approval(@Size(max = 2000) String notes) {
    }

    record Rejection(@NotBlank @Size(max = 2000) String reason) {
    }
}
