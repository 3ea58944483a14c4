package io.roomwire.admin;

import java.util.List;

/** One page of a listing. Immutable. */
record Page<T>(List<T> items, int page, int size, long total) {

    static final int MAX_SIZE = 200;

    static <T> Page<T> of(List<T> all, int page, int size) {
        if (page < 0) {
            throw AdminRequestException.badRequest("page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw AdminRequestException.badRequest("size must be between 1 and " + MAX_SIZE);
        }
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new Page<>(List.copyOf(all.subList(from, to)), page, size, all.size());
    }
}
