package io.roomwire.admin;

import org.springframework.http.HttpStatus;

/** A refused admin request: its HTTP status and a message saying what to fix. */
final class AdminRequestException extends RuntimeException {

    private final HttpStatus status;

    AdminRequestException(HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static AdminRequestException badRequest(String detail) {
        return new AdminRequestException(HttpStatus.BAD_REQUEST, detail);
    }

    static AdminRequestException notFound(String detail) {
        return new AdminRequestException(HttpStatus.NOT_FOUND, detail);
    }
}
