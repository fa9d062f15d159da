package dev.tapdeck.recorder.io;

/**
 * Reason phrases (RFC 9110 15) for the status codes WinRM and WebSocket sessions meet, for the formats
 * that want one (HAR statusText, synthesised status lines); empty for others, which HTTP allows.
 */
final class HttpStatusText {
    private HttpStatusText() {
    }

    static String of(int status) {
        switch (status) {
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 204: return "No Content";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 413: return "Content Too Large";
            case 426: return "Upgrade Required";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "";
        }
    }
}
