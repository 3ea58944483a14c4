package io.roomwire.admin;

import io.roomwire.gateway.ConnectionInfo;
import io.roomwire.gateway.Operations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/connections}, {@code /api/admin/users/{id}/connections}, {@code /api/admin/notices}. */
@RestController
@RequestMapping("/api/admin")
class AdminConnectionsController {

    record Closed(int closed) {
    }

    private final Operations operations;

    AdminConnectionsController(Operations operations) {
        this.operations = operations;
    }

    @GetMapping("/connections")
    Page<ConnectionInfo> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) String user, @RequestParam(required = false) String room) {
        return Page.of(operations.connections(user, room), page, size);
    }

    @DeleteMapping("/connections/{id}")
    ResponseEntity<Void> disconnect(@PathVariable String id) {
        if (!operations.disconnect(id)) {
            throw AdminRequestException.notFound("No connection " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/users/{userId}/connections")
    Closed disconnectUser(@PathVariable String userId) {
        int closed = operations.disconnectUser(userId);
        if (closed == 0) {
            throw AdminRequestException.notFound("User " + userId + " has no open connection");
        }
        return new Closed(closed);
    }

    @PostMapping("/notices")
    @ResponseStatus(HttpStatus.ACCEPTED)
    AdminRoomsController.Delivered noticeAll(@RequestBody AdminRoomsController.NoticeRequest request) {
        return new AdminRoomsController.Delivered(
                operations.noticeAll(AdminRoomsController.noticeText(request == null ? null : request.text())));
    }
}
